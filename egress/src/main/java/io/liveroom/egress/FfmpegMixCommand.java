package io.liveroom.egress;

import io.liveroom.infra.contracts.EgressMixInput;
import io.liveroom.infra.contracts.EgressMixStart;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.MediaTapInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ffmpeg command line of a mix job: one SDP input per tapped stream, composited on a black
 * canvas (each picture scaled to fill its rectangle, cropped to keep its aspect, drawn in input
 * order, later over earlier), the sounds mixed with amix, H264 + AAC pushed as FLV to each RTMP URL
 * (several through the tee muxer). An input whose picture ends leaves its rectangle black ({@code
 * eof_action=pass}); the canvas is a generated source paced to real time, so the job never stalls
 * or fails because an input went away.
 */
final class FfmpegMixCommand {
  /** A mix input with what its tap carries (null codecs: the input has no such media). */
  record Input(EgressMixInput spec, MediaTapInfo tap, Path sdp) {
    boolean video() {
      return tap.videoCodec() != null && !"AUDIO".equals(spec.contentType());
    }

    boolean audio() {
      return tap.audioCodec() != null && !"VIDEO_ONLY".equals(spec.contentType());
    }
  }

  private FfmpegMixCommand() {}

  /**
   * Checks a mix request before anything is tapped or started ({@link EgressMixStart#validate}).
   *
   * @throws io.liveroom.infra.contracts.ServiceException INVALID_FIELD naming what is wrong
   */
  static void validate(EgressMixStart q, int maxInputs) {
    q.validate(maxInputs);
  }

  /** The filter graph: video into [vout], sound into [aout]. */
  static String filterGraph(EgressMixStart q, List<Input> inputs) {
    StringBuilder g = new StringBuilder();
    g.append("color=c=black:s=")
        .append(q.width())
        .append('x')
        .append(q.height())
        .append(":r=")
        .append(q.fps())
        .append(",format=yuv420p[base0]");
    int layer = 0;
    for (int i = 0; i < inputs.size(); i++) {
      Input in = inputs.get(i);
      if (!in.video()) {
        continue;
      }
      EgressMixInput r = in.spec();
      int w = r.right() - r.left();
      int h = r.bottom() - r.top();
      g.append(';')
          .append('[')
          .append(i)
          .append(":v:0]scale=")
          .append(w)
          .append(':')
          .append(h)
          .append(":force_original_aspect_ratio=increase,crop=")
          .append(w)
          .append(':')
          .append(h)
          .append(",setsar=1[v")
          .append(i)
          .append("];[base")
          .append(layer)
          .append("][v")
          .append(i)
          .append("]overlay=x=")
          .append(r.left())
          .append(":y=")
          .append(r.top())
          .append(":eof_action=pass[base")
          .append(layer + 1)
          .append(']');
      layer++;
    }
    g.append(";[base").append(layer).append("]realtime[vout]");
    List<Integer> sounds = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i).audio()) {
        sounds.add(i);
      }
    }
    if (sounds.isEmpty()) {
      g.append(";anullsrc=r=48000:cl=stereo,arealtime[aout]");
    } else {
      for (int i : sounds) {
        g.append(";[")
            .append(i)
            .append(":a:0]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[a")
            .append(i)
            .append(']');
      }
      g.append(';');
      for (int i : sounds) {
        g.append("[a").append(i).append(']');
      }
      g.append("amix=inputs=").append(sounds.size()).append(":duration=longest:normalize=0[aout]");
    }
    return g.toString();
  }

  static List<String> build(Ffmpeg ffmpeg, EgressMixStart q, List<Input> inputs) {
    if (!ffmpeg.libx264()) {
      throw ErrorCode.EGRESS_FAILED.exception("this ffmpeg has no libx264 encoder to mix with");
    }
    List<String> c =
        new ArrayList<>(
            List.of(ffmpeg.ffmpeg(), "-hide_banner", "-nostdin", "-loglevel", "warning"));
    for (Input in : inputs) {
      c.addAll(
          List.of(
              "-protocol_whitelist",
              "file,udp,rtp",
              "-listen_timeout",
              Integer.toString(FfmpegCommand.INPUT_TIMEOUT_S),
              "-analyzeduration",
              "2000000",
              "-thread_queue_size",
              "1024",
              "-i",
              in.sdp().toString()));
    }
    int gop = Math.max(1, q.fps() * 2);
    c.addAll(
        List.of(
            "-filter_complex",
            filterGraph(q, inputs),
            "-map",
            "[vout]",
            "-map",
            "[aout]",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-tune",
            "zerolatency",
            "-pix_fmt",
            "yuv420p",
            "-r",
            Integer.toString(q.fps()),
            "-g",
            Integer.toString(gop),
            "-keyint_min",
            Integer.toString(gop),
            "-sc_threshold",
            "0",
            "-b:v",
            q.videoKbps() + "k",
            "-maxrate",
            q.videoKbps() + "k",
            "-bufsize",
            (q.videoKbps() * 2) + "k",
            "-c:a",
            "aac",
            "-b:a",
            q.audioKbps() + "k",
            "-ar",
            "48000",
            "-ac",
            "2"));
    if (q.urls().size() == 1) {
      c.addAll(List.of("-f", "flv", q.urls().get(0)));
    } else {
      List<String> slaves = new ArrayList<>();
      for (String url : q.urls()) {
        slaves.add("[f=flv:onfail=ignore]" + url);
      }
      c.addAll(List.of("-flags", "+global_header", "-f", "tee", String.join("|", slaves)));
    }
    return c;
  }
}
