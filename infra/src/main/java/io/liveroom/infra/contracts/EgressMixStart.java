package io.liveroom.infra.contracts;

import java.util.List;

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
  public EgressMixStart {
    inputs = List.copyOf(inputs);
    urls = List.copyOf(urls);
  }
}
