package io.liveroom.media.engine;

import io.liveroom.media.transport.PacketBuffer;
import io.liveroom.media.transport.SrtpSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.LongAdder;

/**
 * One node-to-node media link between an origin and an edge, multiplexing every stream the edge
 * relays: SRTP/SRTCP keyed from the material the edge chose ({@link SrtpSession}, AES-128 CM HMAC
 * SHA1 80; the edge keys as the DTLS client, the origin as the server), each datagram a 4-byte
 * stream tag of the receiver and one protected packet. Thread-safe: the SRTP session is
 * synchronized, the datagram writes are non-blocking.
 */
final class RelayLink implements AutoCloseable {
  static final int TAG = 4;
  final String id;
  final String peerNodeId;
  final boolean origin;
  private final SrtpSession srtp;
  final byte[] keyingMaterial;
  private final DatagramChannel channel;
  volatile InetSocketAddress remote;
  final LongAdder packetsSent = new LongAdder();
  final LongAdder bytesSent = new LongAdder();
  final LongAdder packetsReceived = new LongAdder();
  final LongAdder bytesReceived = new LongAdder();
  final LongAdder dropped = new LongAdder();

  RelayLink(
      String id,
      String peerNodeId,
      boolean origin,
      byte[] keyingMaterial,
      DatagramChannel channel,
      InetSocketAddress remote) {
    this.id = id;
    this.peerNodeId = peerNodeId;
    this.origin = origin;
    this.keyingMaterial = keyingMaterial.clone();
    this.srtp = new SrtpSession(SrtpSession.AES128_CM_HMAC_SHA1_80, keyingMaterial, origin);
    this.channel = channel;
    this.remote = remote;
  }

  static int keyingMaterialLength() {
    int p = SrtpSession.AES128_CM_HMAC_SHA1_80;
    return 2 * (SrtpSession.keyLength(p) + SrtpSession.saltLength(p));
  }

  /**
   * Protects the packet at {@code p} (RTP or compound RTCP, at offset {@link #TAG} of its buffer)
   * and sends it tagged {@code tag}.
   */
  boolean send(PacketBuffer p, int tag, boolean rtcp) {
    InetSocketAddress to = remote;
    if (to == null || !(rtcp ? srtp.encryptRtcp(p) : srtp.encryptRtp(p))) {
      dropped.increment();
      return false;
    }
    byte[] b = p.getBuffer();
    int start = p.getOffset() - TAG;
    Rtp.writeTag(b, start, tag);
    int n = TAG + p.getLength();
    try {
      if (channel.send(ByteBuffer.wrap(b, start, n), to) == 0) {
        dropped.increment();
        return false;
      }
      packetsSent.increment();
      bytesSent.add(n);
      return true;
    } catch (IOException e) {
      dropped.increment();
      return false;
    }
  }

  /** Unprotects a received packet in place; false when it does not authenticate. */
  boolean unprotect(PacketBuffer p, boolean rtcp) {
    boolean ok = rtcp ? srtp.decryptRtcp(p) : srtp.decryptRtp(p);
    if (ok) {
      packetsReceived.increment();
      bytesReceived.add(p.getLength());
    }
    return ok;
  }

  @Override
  public void close() {
    srtp.close();
  }

  /** Tags are big-endian 32-bit. */
  private static final class Rtp {
    static void writeTag(byte[] b, int pos, int tag) {
      b[pos] = (byte) (tag >>> 24);
      b[pos + 1] = (byte) (tag >>> 16);
      b[pos + 2] = (byte) (tag >>> 8);
      b[pos + 3] = (byte) tag;
    }
  }
}
