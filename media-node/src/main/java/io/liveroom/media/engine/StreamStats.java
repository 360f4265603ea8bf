package io.liveroom.media.engine;

/**
 * A stream's counters, refreshed about once a second by its forwarding thread.
 *
 * @param fractionLost the publisher's uplink loss in the last interval, 0.0-1.0
 * @param playerFractionLost the worst player's reported loss in the last interval, 0.0-1.0
 * @param estimateBps the bitrate the publisher is told it may use (REMB)
 */
public record StreamStats(
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
