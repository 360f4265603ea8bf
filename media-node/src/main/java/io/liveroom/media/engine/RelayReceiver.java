package io.liveroom.media.engine;

import io.liveroom.media.rtp.Rtcp;
import io.liveroom.media.rtp.Rtp;
import io.liveroom.media.transport.PacketBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/**
 * The relay socket's receiver thread ({@link RelayLinks}): reads each datagram, finds the relay by
 * its tag, unprotects it with the link's SRTP session and queues RTP on the relayed stream's
 * forwarding thread (edge), or turns an edge's RTCP into work for the origin stream's forwarding
 * thread (PLI, NACK, SR, BYE, the simulcast layer messages of {@link RelayLayerMessages}).
 */
final class RelayReceiver {
  private final RelayLinks links;

  RelayReceiver(RelayLinks links) {
    this.links = links;
  }

  void run() {
    ByteBuffer view;
    while (links.running) {
      byte[] b = PacketPool.take(PacketPool.SIZE);
      view = ByteBuffer.wrap(b);
      int n;
      try {
        links.channel.receive(view);
        n = view.position();
      } catch (ClosedChannelException e) {
        PacketPool.release(b);
        return;
      } catch (IOException e) {
        PacketPool.release(b);
        continue;
      }
      if (n < RelayLink.TAG + 8 || !dispatch(b, n)) {
        PacketPool.release(b);
      }
    }
  }

  /** True when the buffer went on to a forwarding thread (it releases it). */
  private boolean dispatch(byte[] b, int n) {
    int tag = (int) Rtp.readUint32(b, 0);
    Object target = links.byTag.get(tag);
    boolean rtcp = Rtp.isRtcp(b, RelayLink.TAG, n - RelayLink.TAG);
    PacketBuffer p = new PacketBuffer(b).wrap(b, RelayLink.TAG, n - RelayLink.TAG);
    if (target instanceof RelayIn in && !in.ended) {
      if (!in.link.unprotect(p, rtcp)) {
        return false;
      }
      in.heardAt = System.currentTimeMillis();
      Stream stream = in.stream;
      if (rtcp) {
        if (hasBye(b, p)) {
          links.lifecycle.monitor().execute(() -> links.end(in, false));
        } else if (stream != null && has(b, p, Rtcp.SR)) {
          byte[] copy = new byte[p.getLength()];
          System.arraycopy(b, p.getOffset(), copy, 0, copy.length);
          stream.worker.execute(() -> stream.onRelaySenderReports(copy, 0, copy.length));
        } else if (stream != null
            && stream.edgeLayers != null
            && has(b, p, RelayLayerMessages.APP)) {
          byte[] copy = new byte[p.getLength()];
          System.arraycopy(b, p.getOffset(), copy, 0, copy.length);
          stream.worker.execute(() -> stream.edgeLayers.onOriginRtcp(copy, 0, copy.length));
        }
        return false;
      }
      return stream != null
          && stream.worker.offer(new Worker.RelayInbound(stream, b, p.getOffset(), p.getLength()));
    }
    if (target instanceof RelayOut out && !out.closed && rtcp) {
      if (!out.link.unprotect(p, true)) {
        return false;
      }
      out.heardAt = System.currentTimeMillis();
      if (hasBye(b, p)) {
        links.drop(out);
        return false;
      }
      byte[] copy = new byte[p.getLength()];
      System.arraycopy(b, p.getOffset(), copy, 0, copy.length);
      out.stream.worker.execute(() -> out.onEdgeRtcp(copy, 0, copy.length));
    }
    return false;
  }

  private static boolean hasBye(byte[] b, PacketBuffer p) {
    return has(b, p, Rtcp.BYE);
  }

  private static boolean has(byte[] b, PacketBuffer p, int packetType) {
    boolean[] found = {false};
    Rtcp.walk(
        b,
        p.getOffset(),
        p.getLength(),
        (type, count, buf, pos, size) -> found[0] |= type == packetType);
    return found[0];
  }
}
