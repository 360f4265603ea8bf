package io.liveroom.infra.contracts;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Starts a mix job on one egress node: the {@code inputs} (streams of room {@code roomId})
 * composited by one ffmpeg into a {@code width} x {@code height} canvas at {@code fps}, H264 at
 * {@code videoKbps} and AAC at {@code audioKbps}, pushed to each RTMP URL of {@code urls}. {@code
 * taskId} is the client's (ZEGO's taskID). Replied with {@link EgressJobInfo} once ffmpeg runs.
 */
public record EgressMixStart(
    String jobId,
    String taskId,
    String roomId,
    List<EgressMixInput> inputs,
    int width,
    int height,
    int fps,
    int videoKbps,
    int audioKbps,
    List<String> urls) {
  public static final Set<String> CONTENT_TYPES = Set.of("VIDEO", "AUDIO", "VIDEO_ONLY");
  public static final int MAX_OUTPUTS = 4;

  /** rtmp:// or rtmps:// without spaces or the characters ffmpeg's tee muxer or a shell treat. */
  public static final Pattern RTMP_URL =
      Pattern.compile("rtmps?://[^\\s|\\[\\]\\\\'\"<>^`{}]{3,2040}");

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@\\-]{1,256}");

  public EgressMixStart {
    inputs = List.copyOf(inputs);
    urls = List.copyOf(urls);
  }

  /**
   * Checks the request (sizes, rates, 1-maxInputs distinct inputs with known content types and
   * layouts inside the canvas, 1-4 distinct RTMP targets) before anything is located or started.
   *
   * @throws io.liveroom.infra.contracts.ServiceException INVALID_FIELD naming what is wrong
   */
  public void validate(int maxInputs) {
    if (taskId() == null || !ID.matcher(taskId()).matches()) {
      throw invalid("taskID must be 1-256 of letters, digits and _.:@-");
    }
    if (width() < 16 || width() > 3840 || width() % 2 != 0) {
      throw invalid("outputWidth must be an even number from 16 to 3840");
    }
    if (height() < 16 || height() > 2160 || height() % 2 != 0) {
      throw invalid("outputHeight must be an even number from 16 to 2160");
    }
    if (fps() < 1 || fps() > 60) {
      throw invalid("outputFPS must be 1-60");
    }
    if (videoKbps() < 50 || videoKbps() > 20_000) {
      throw invalid("outputBitrate must be 50-20000 kbps");
    }
    if (audioKbps() < 16 || audioKbps() > 320) {
      throw invalid("outputAudioBitrate must be 16-320 kbps");
    }
    if (inputs().isEmpty() || inputs().size() > maxInputs) {
      throw invalid(
          "inputList must have 1-"
              + maxInputs
              + " streams (egress.mixMaxInputs), not "
              + inputs().size());
    }
    Set<String> streams = new HashSet<>();
    for (int i = 0; i < inputs().size(); i++) {
      EgressMixInput in = inputs().get(i);
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
          || in.right() > width()
          || in.bottom() > height()
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
                + width()
                + "x"
                + height()
                + " canvas, at least 2x2");
      }
    }
    if (urls().isEmpty() || urls().size() > MAX_OUTPUTS) {
      throw invalid("outputList must have 1-" + MAX_OUTPUTS + " targets");
    }
    if (new HashSet<>(urls()).size() != urls().size()) {
      throw invalid("outputList has the same target twice");
    }
    for (String url : urls()) {
      if (url == null || !RTMP_URL.matcher(url).matches()) {
        throw invalid("outputList[].target must be an rtmp:// or rtmps:// URL");
      }
    }
  }

  private static RuntimeException invalid(String message) {
    return ErrorCode.INVALID_FIELD.exception(message);
  }
}
