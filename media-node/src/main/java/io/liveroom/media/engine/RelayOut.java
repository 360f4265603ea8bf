package io.liveroom.media.engine;

import io.liveroom.media.rtp.Rtcp;
import io.liveroom.media.transport.PacketBuffer;
import java.util.List;

/**
 * The origin side of one relayed stream: what the stream's forwarding thread sends over the link to
 * one edge (every decrypted publisher packet, RTX unwrapped), tagged with the edge's tag. Dropped
 * when the edge has not been heard from (RR keepalive, PLI, NACK) for {@link
 * RelayLinks#SILENCE_MS}.
 */
final class RelayOut {
  final Stream stream;
  final RelayLink link;
  final int edgeTag;
  final int originTag;
  final long localSsrc = java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
  private final PacketBuffer out = new PacketBuffer(new byte[PacketPool.SIZE + 64]);
  private final PacketBuffer control = new PacketBuffer(new byte[1600]);
  volatile long heardAt = System.currentTimeMillis();
  volatile boolean closed;

  RelayOut(Stream stream, RelayLink link, int edgeTag, int originTag) {
    this.stream = stream;
    this.link = link;
    this.edgeTag = edgeTag;
    this.originTag = originTag;
  }

  /** A decrypted publisher RTP packet (the stream's forwarding thread). */
  void onRtp(byte[] b, int off, int len) {
    if (closed) {
      return;
    }
    byte[] buf = out.getBuffer();
    if (buf.length < len + RelayLink.TAG + 64) {
      buf = new byte[len + RelayLink.TAG + 256];
    }
    System.arraycopy(b, off, buf, RelayLink.TAG, len);
    out.wrap(buf, RelayLink.TAG, len);
    link.send(out, edgeTag, false);
  }

  /** Relays one RTCP packet of the publisher (its SR) to the edge (forwarding thread). */
  synchronized void relayRtcp(byte[] b, int off, int len) {
    if (closed || len > 1400) {
      return;
    }
    System.arraycopy(b, off, control.getBuffer(), RelayLink.TAG, len);
    control.wrap(control.getBuffer(), RelayLink.TAG, len);
    link.send(control, edgeTag, true);
  }

  /**
   * The edge's RTCP (the stream's forwarding thread): PLI/FIR to the publisher, NACKs answered from
   * the origin's cache.
   */
  void onEdgeRtcp(byte[] b, int off, int len) {
    Rtcp.walk(
        b,
        off,
        len,
        (type, count, buf, pos, size) -> {
          if (type == Rtcp.PSFB && (count == Rtcp.FMT_PLI || count == Rtcp.FMT_FIR)) {
            SourceTrack t = stream.tracks.get(Rtcp.mediaSsrc(buf, pos));
            if (t != null) {
              stream.requestKeyframe(t, false);
            } else {
              stream.requestKeyframe(false);
            }
          } else if (type == Rtcp.RTPFB && count == Rtcp.FMT_NACK) {
            long ssrc = Rtcp.mediaSsrc(buf, pos);
            Rtcp.nackedSequences(
                buf,
                pos,
                size,
                seq -> {
                  byte[] scratch = stream.worker.rtx.getBuffer();
                  int n = stream.cache.get(ssrc, seq, scratch);
                  if (n > 0) {
                    onRtp(scratch, 0, n);
                  }
                });
          }
        });
  }

  /** A keepalive SR-less RR, or a BYE when the stream ended (monitor thread). */
  synchronized void sendControl(boolean bye) {
    byte[] r = new byte[200];
    int pos = Rtcp.receiverReport(r, 0, localSsrc, List.of());
    if (bye) {
      pos = Rtcp.bye(r, pos, List.of(localSsrc));
    }
    System.arraycopy(r, 0, control.getBuffer(), RelayLink.TAG, pos);
    control.wrap(control.getBuffer(), RelayLink.TAG, pos);
    link.send(control, edgeTag, true);
  }
}
