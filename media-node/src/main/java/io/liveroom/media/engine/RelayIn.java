package io.liveroom.media.engine;

import io.liveroom.media.rtp.Rtcp;
import io.liveroom.media.transport.PacketBuffer;
import java.util.List;

/**
 * The edge side of one relayed stream: the source of the edge's {@link Stream} instead of a
 * publisher peer. Upstream it sends keyframe requests (PLI, rate-limited by the stream), NACKs for
 * what the edge's cache lacks, the simulcast layers its players use ({@link EdgeLayers}) and an RR
 * keepalive every second while the stream has players.
 */
final class RelayIn {
  final String streamId;
  final String originNodeId;
  final RelayLink link;
  final int edgeTag;
  volatile int originTag;
  volatile Stream stream;
  final long localSsrc = java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
  private final PacketBuffer control = new PacketBuffer(new byte[1600]);
  volatile long heardAt = System.currentTimeMillis();
  volatile long playersSeenAt = System.currentTimeMillis();
  volatile boolean ended;

  RelayIn(String streamId, String originNodeId, RelayLink link, int edgeTag) {
    this.streamId = streamId;
    this.originNodeId = originNodeId;
    this.link = link;
    this.edgeTag = edgeTag;
  }

  /** Sends compound RTCP {@code r[0, len)} to the origin (any thread). */
  synchronized void sendRtcp(byte[] r, int len) {
    if (ended) {
      return;
    }
    byte[] b = control.getBuffer();
    if (b.length < len + RelayLink.TAG + 64) {
      b = new byte[len + RelayLink.TAG + 256];
    }
    System.arraycopy(r, 0, b, RelayLink.TAG, len);
    control.wrap(b, RelayLink.TAG, len);
    link.send(control, originTag, true);
  }

  /** PLI for the given sources, upstream (the stream's forwarding thread). */
  void requestKeyframe(byte[] scratch, List<Long> ssrcs) {
    int pos = Rtcp.receiverReport(scratch, 0, localSsrc, List.of());
    for (long ssrc : ssrcs) {
      pos = Rtcp.pli(scratch, pos, localSsrc, ssrc);
    }
    sendRtcp(scratch, pos);
  }

  /** The keepalive (monitor thread); with {@code bye} the edge leaves the relay. */
  void keepalive(boolean bye) {
    byte[] r = new byte[200];
    int pos = Rtcp.receiverReport(r, 0, localSsrc, List.of());
    Stream s = stream;
    int[] layers = s == null || s.edgeLayers == null ? null : s.edgeLayers.wanted();
    if (layers != null && !bye) { // again every second: the set survives a lost packet
      pos = RelayLayerMessages.writeWant(r, pos, localSsrc, layers);
    }
    if (bye) {
      pos = Rtcp.bye(r, pos, List.of(localSsrc));
    }
    sendRtcp(r, pos);
  }
}
