package io.liveroom.infra.contracts;

/**
 * One stream's counters on its media node, refreshed about once a second. Loss fractions are
 * 0.0-1.0; {@code estimateBps} is the bitrate the publisher is told it may use.
 */
public record MediaStreamStats(
    String streamId,
    String publisherPeerId,
    boolean publishing,
    int players,
    long packetsReceived,
    long bytesReceived,
    long bitrateBps,
    long packetsLost,
    double fractionLost,
    long packetsSent,
    long bytesSent,
    double playerFractionLost,
    long estimateBps,
    long keyframeRequests,
    long nacksAnswered) {}
