package io.liveroom.media.engine;

import io.liveroom.infra.contracts.MediaStreamStats;

/**
 * The engine's traffic since it started, over every stream it has had: packets and bytes received
 * from publishers and sent to players, packets the publishers' uplinks lost, NACKed packets
 * retransmitted, keyframe requests (PLI) sent to publishers, and inbound packets dropped because a
 * forwarding thread's queue was full.
 */
public record MediaTotals(
    long packetsIn,
    long bytesIn,
    long packetsOut,
    long bytesOut,
    long packetsLost,
    long nacksAnswered,
    long keyframeRequests,
    long forwardingDrops) {
  static final MediaTotals ZERO = new MediaTotals(0, 0, 0, 0, 0, 0, 0, 0);

  MediaTotals plus(MediaStreamStats s) {
    return new MediaTotals(
        packetsIn + s.packetsReceived(),
        bytesIn + s.bytesReceived(),
        packetsOut + s.packetsSent(),
        bytesOut + s.bytesSent(),
        packetsLost + s.packetsLost(),
        nacksAnswered + s.nacksAnswered(),
        keyframeRequests + s.keyframeRequests(),
        forwardingDrops);
  }

  MediaTotals withDrops(long drops) {
    return new MediaTotals(
        packetsIn,
        bytesIn,
        packetsOut,
        bytesOut,
        packetsLost,
        nacksAnswered,
        keyframeRequests,
        drops);
  }

  /**
   * Field by field the larger: counters never go back when a stream's last second is lost at its
   * end.
   */
  MediaTotals max(MediaTotals o) {
    return new MediaTotals(
        Math.max(packetsIn, o.packetsIn),
        Math.max(bytesIn, o.bytesIn),
        Math.max(packetsOut, o.packetsOut),
        Math.max(bytesOut, o.bytesOut),
        Math.max(packetsLost, o.packetsLost),
        Math.max(nacksAnswered, o.nacksAnswered),
        Math.max(keyframeRequests, o.keyframeRequests),
        Math.max(forwardingDrops, o.forwardingDrops));
  }
}
