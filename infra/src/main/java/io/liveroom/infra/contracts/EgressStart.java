package io.liveroom.infra.contracts;

/**
 * Starts an egress job on one egress node: {@code kind} record, hls or rtmp, for {@code streamId}
 * forwarded by media node {@code mediaNodeId}; {@code url} the RTMP target (rtmp only). Replied
 * with {@link EgressJobInfo} once ffmpeg runs and the tap is set.
 */
public record EgressStart(
    String jobId, String kind, String streamId, String roomId, String mediaNodeId, String url) {}
