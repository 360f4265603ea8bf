package io.liveroom.egress;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.MediaTapInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ffmpeg command line of a job. Input: the SDP file of the tap's plain RTP. Record: stream copy
 * into WebM (VP8/Opus) or fragmented MP4 (H264). HLS and RTMP: H264 copied, VP8 transcoded with
 * libx264 (veryfast, zerolatency, a keyframe every segment), audio to AAC.
 */
final class FfmpegCommand {
  /**
   * The input reads RTP for this long without packets before ffmpeg ends (and finalizes) on its
   * own.
   */
  static final int INPUT_TIMEOUT_S = 4;

  private FfmpegCommand() {}

  static boolean isH264(MediaTapInfo tap) {
    return "H264".equalsIgnoreCase(tap.videoCodec());
  }

  /** The file extension of a recording of this tap. */
  static String recordExtension(MediaTapInfo tap) {
    return tap.videoCodec() == null
            || "VP8".equalsIgnoreCase(tap.videoCodec())
            || "VP9".equalsIgnoreCase(tap.videoCodec())
        ? "webm"
        : "mp4";
  }

  /** Whether the kind needs the video transcoded for this tap. */
  static boolean transcodes(String kind, MediaTapInfo tap) {
    return !"record".equals(kind) && tap.videoCodec() != null && !isH264(tap);
  }

  static List<String> build(
      Ffmpeg ffmpeg,
      EgressConfig config,
      String kind,
      MediaTapInfo tap,
      Path sdp,
      Path output,
      String url) {
    if (transcodes(kind, tap) && !config.transcode()) {
      throw ErrorCode.EGRESS_TRANSCODE_DISABLED.exception(
          kind
              + " needs H264, the stream is "
              + tap.videoCodec()
              + " and egress.transcode is false");
    }
    if (transcodes(kind, tap) && !ffmpeg.libx264()) {
      throw ErrorCode.EGRESS_FAILED.exception(
          "this ffmpeg has no libx264 encoder to transcode " + tap.videoCodec());
    }
    List<String> c =
        new ArrayList<>(
            List.of(
                ffmpeg.ffmpeg(),
                "-hide_banner",
                "-nostdin",
                "-loglevel",
                "warning",
                "-protocol_whitelist",
                "file,udp,rtp",
                "-listen_timeout",
                Integer.toString(INPUT_TIMEOUT_S),
                "-analyzeduration",
                "6000000",
                "-i",
                sdp.toString()));
    switch (kind) {
      case "record" -> {
        c.addAll(List.of("-map", "0", "-c", "copy"));
        if ("webm".equals(recordExtension(tap))) {
          c.addAll(List.of("-f", "webm"));
        } else {
          c.addAll(
              List.of("-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-f", "mp4"));
        }
        c.addAll(List.of("-y", output.toString()));
      }
      case "hls" -> {
        video(c, config, tap);
        c.addAll(
            List.of(
                "-f",
                "hls",
                "-hls_time",
                Integer.toString(config.hlsSegmentSeconds()),
                "-hls_list_size",
                "6",
                "-hls_flags",
                "delete_segments+independent_segments+temp_file",
                "-hls_segment_filename",
                output.resolveSibling("seg%05d.ts").toString(),
                "-y",
                output.toString()));
      }
      case "rtmp" -> {
        video(c, config, tap);
        c.addAll(List.of("-f", "flv", url));
      }
      default -> throw ErrorCode.INVALID_FIELD.exception("kind must be record, hls or rtmp");
    }
    return c;
  }

  private static void video(List<String> c, EgressConfig config, MediaTapInfo tap) {
    if (tap.videoCodec() != null) {
      c.addAll(List.of("-map", "0:v:0"));
      if (isH264(tap)) {
        c.addAll(List.of("-c:v", "copy"));
      } else {
        int gop = config.hlsSegmentSeconds();
        c.addAll(
            List.of(
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-tune",
                "zerolatency",
                "-pix_fmt",
                "yuv420p",
                "-force_key_frames",
                "expr:gte(t,n_forced*" + gop + ")",
                "-sc_threshold",
                "0",
                "-b:v",
                "1500k",
                "-maxrate",
                "2000k",
                "-bufsize",
                "3000k"));
      }
    }
    if (tap.audioCodec() != null) {
      c.addAll(List.of("-map", "0:a:0", "-c:a", "aac", "-b:a", "96k", "-ar", "48000"));
    }
  }
}
