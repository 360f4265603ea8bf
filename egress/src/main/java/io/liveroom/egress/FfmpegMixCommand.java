package io.liveroom.egress;

import io.liveroom.infra.contracts.EgressMixInput;
import io.liveroom.infra.contracts.EgressMixStart;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.MediaTapInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

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

  static final Set<String> CONTENT_TYPES = Set.of("VIDEO", "AUDIO", "VIDEO_ONLY");
  static final int MAX_OUTPUTS = 4;
  static final Pattern RTMP_URL = Pattern.compile("rtmps?://[^\\s|\\[\\]\\\\'\"<>^`{}]{3,2040}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@\\-]{1,256}");

  private FfmpegMixCommand() {}

  /**
   * Checks a mix request before anything is tapped or started.
   *
   * @throws io.liveroom.infra.contracts.ServiceException INVALID_FIELD naming what is wrong
   */
  static void validate(EgressMixStart q, int maxInputs) {
    if (q.taskId() == null || !ID.matcher(q.taskId()).matches()) {
      throw invalid("taskID must be 1-256 of letters, digits and _.:@-");
    }
    if (q.width() < 16 || q.width() > 3840 || q.width() % 2 != 0) {
      throw invalid("outputWidth must be an even number from 16 to 3840");
    }
    if (q.height() < 16 || q.height() > 2160 || q.height() % 2 != 0) {
      throw invalid("outputHeight must be an even number from 16 to 2160");
    }
    if (q.fps() < 1 || q.fps() > 60) {
      throw invalid("outputFPS must be 1-60");
    }
    if (q.videoKbps() < 50 || q.videoKbps() > 20_000) {
      throw invalid("outputBitrate must be 50-20000 kbps");
    }
    if (q.audioKbps() < 16 || q.audioKbps() > 320) {
      throw invalid("outputAudioBitrate must be 16-320 kbps");
    }
    if (q.inputs().isEmpty() || q.inputs().size() > maxInputs) {
      throw invalid(
          "inputList must have 1-"
              + maxInputs
              + " streams (egress.mixMaxInputs), not "
              + q.inputs().size());
    }
    Set<String> streams = new HashSet<>();
    for (int i = 0; i < q.inputs().size(); i++) {
      EgressMixInput in = q.inputs().get(i);
      String where = "inputList[" + i + "]";
      if (in.streamId() == null || !ID.matcher(in.streamId()).matches()) {
        throw invalid(where + ".streamID must be 1-256 of letters, digits and _.:@-");
      }
      if (!streams.add(in.streamId())) {
        throw invalid(where + ".streamID " + in.streamId() + " is already an input");
      }
      if (in.contentType() == null || !CONTENT_TYPES.contains(in.contentType())) {
        throw invalid(where + ".contentType must be VIDEO, AUDIO or VIDEO_ONLY");
      }
      if (in.left() < 0
          || in.top() < 0
          || in.right() > q.width()
          || in.bottom() > q.height()
          || in.right() - in.left() < 2
          || in.bottom() - in.top() < 2) {
        throw invalid(
            where
                + ".layout {top "
                + in.top()
                + ", left "
                + in.left()
                + ", bottom "
                + in.bottom()
                + ", right "
                + in.right()
                + "} must lie inside the "
                + q.width()
                + "x"
                + q.height()
                + " canvas, at least 2x2");
      }
    }
    if (q.urls().isEmpty() || q.urls().size() > MAX_OUTPUTS) {
      throw invalid("outputList must have 1-" + MAX_OUTPUTS + " targets");
    }
    if (new HashSet<>(q.urls()).size() != q.urls().size()) {
      throw invalid("outputList has the same target twice");
    }
    for (String url : q.urls()) {
      if (url == null || !RTMP_URL.matcher(url).matches()) {
        throw invalid("outputList[].target must be an rtmp:// or rtmps:// URL");
      }
    }
  }

  private static RuntimeException invalid(String message) {
    return ErrorCode.INVALID_FIELD.exception(message);
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
