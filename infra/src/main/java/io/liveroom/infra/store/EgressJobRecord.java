package io.liveroom.infra.store;

import java.nio.charset.StandardCharsets;

/**
 * One egress job as every node sees it. {@code state}: STARTING, RUNNING, ENDED or FAILED; {@code
 * output}: the file (record), playlist path (hls) or URL (rtmp); {@code error} why it failed.
 * {@code updatedAt} moves on every announcement of its egress node.
 */
public record EgressJobRecord(
    String jobId,
    String kind,
    String streamId,
    String roomId,
    String egressNodeId,
    String mediaNodeId,
    String state,
    String output,
    String manifest,
    String codec,
    String error,
    long startedAt,
    long endedAt,
    long updatedAt,
    int restarts) {
  public static final String STARTING = "STARTING";
  public static final String RUNNING = "RUNNING";
  public static final String ENDED = "ENDED";
  public static final String FAILED = "FAILED";

  /**
   * A stream id as a file or directory name: itself when it is 1-128 of [A-Za-z0-9_-], else x + its
   * hex.
   */
  public static String safeName(String streamId) {
    if (streamId.matches("[A-Za-z0-9_-]{1,128}")) {
      return streamId;
    }
    StringBuilder hex = new StringBuilder("x");
    for (byte b : streamId.getBytes(StandardCharsets.UTF_8)) {
      hex.append(String.format("%02x", b));
    }
    return hex.length() > 200 ? hex.substring(0, 200) : hex.toString();
  }

  public boolean active() {
    return STARTING.equals(state) || RUNNING.equals(state);
  }

  public EgressJobRecord withState(String newState, String newError, long at) {
    return new EgressJobRecord(
        jobId,
        kind,
        streamId,
        roomId,
        egressNodeId,
        mediaNodeId,
        newState,
        output,
        manifest,
        codec,
        newError,
        startedAt,
        active() && !STARTING.equals(newState) && !RUNNING.equals(newState) ? at : endedAt,
        at,
        restarts);
  }
}
