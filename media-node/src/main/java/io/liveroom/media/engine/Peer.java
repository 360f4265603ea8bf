package io.liveroom.media.engine;

import io.liveroom.media.rtp.Rtp;
import io.liveroom.media.sdp.NegotiatedMedia;
import io.liveroom.media.sdp.SessionDescription;
import io.liveroom.media.transport.DtlsEndpoint;
import io.liveroom.media.transport.IceTcpConnection;
import io.liveroom.media.transport.IceTcpServer;
import io.liveroom.media.transport.IceTransport;
import io.liveroom.media.transport.PacketBuffer;
import io.liveroom.media.transport.SrtpSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.util.Buffer;

/** One WebRTC peer connection on the node: ICE, DTLS, SRTP and what was negotiated. */
final class Peer implements IceTransport.Listener, IceTcpServer.Endpoint {
  /** A player's sending state for one publisher m-line (forwarding thread only). */
  static final class OutTrack {
    final int payloadType;
    final int[] extensionIds;

    /** The player's transport-cc id (the node stamps its own numbers there), 0: none. */
    int transportCcId;

    /** RTX towards the player: payload type (-1: none), source and its next sequence number. */
    int rtxPayloadType = -1;

    long rtxSsrc;
    int rtxSeq = ThreadLocalRandom.current().nextInt(0x10000);

    /** Simulcast source: the player's layer and rewriting; null otherwise. */
    LayerSelector layers;

    /**
     * VP8 video: the player's temporal layer filter (base layer only when even the lowest layer
     * does not fit); null otherwise.
     */
    TemporalFilter temporal;

    long packets;
    long octets;
    long rtxSent;

    /**
     * When each cached packet (by sequence number slot) was last resent, to answer a burst of NACKs
     * once.
     */
    final long[] resentAt = new long[512];

    OutTrack(int payloadType, int[] extensionIds) {
      this.payloadType = payloadType;
      this.extensionIds = extensionIds;
    }
  }

  final String id;
  final PeerRole role;
  final List<NegotiatedMedia> media;
  final long localSsrc = ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
  final long createdMillis = System.currentTimeMillis();

  /**
   * The offer's DTLS fingerprint: an ICE restart keeps the DTLS association, so it must not change.
   */
  final String remoteFingerprint;

  private final Stream stream;
  private final MediaEngine engine;

  /** The ICE agent; an ICE restart ({@link IceRestart}) replaces it, DTLS and SRTP stay. */
  volatile IceTransport ice;

  /** The ICE-TCP connection media goes on (the client last sent media there), null: UDP. */
  private volatile IceTcpConnection tcp;

  /**
   * Where the peer last sent from over UDP (ice4j hands the node only packets from addresses of its
   * checked pairs): SRTP goes back there through the forwarding thread's {@link SendBatch}, like
   * ice4j's own send-to-last-received-from-address. Null until the first packet.
   */
  private volatile InetSocketAddress udpTarget;

  final DtlsEndpoint dtls;
  private final AtomicBoolean dtlsStarted = new AtomicBoolean();
  final AtomicBoolean closed = new AtomicBoolean();
  volatile SrtpSession srtp;
  volatile boolean connected;
  volatile long lastReceivedMillis = System.currentTimeMillis();

  /** For players: indexed like the publisher's media list; null where nothing is sent. */
  OutTrack[] outTracks = new OutTrack[0];

  /**
   * For players: the requested video layer, and the send-side estimate when transport-cc was
   * negotiated.
   */
  LayerSelector.Preference videoLayer = LayerSelector.Preference.AUTO;

  SendSideEstimator estimator;
  int transportSeq;

  /** For players: the cached keyframes were offered (forwarding thread only). */
  boolean primed;

  Peer(
      String id,
      PeerRole role,
      Stream stream,
      MediaEngine engine,
      SessionDescription offer,
      List<NegotiatedMedia> media,
      CandidateHarvester harvester)
      throws IOException {
    this.id = id;
    this.role = role;
    this.stream = stream;
    this.engine = engine;
    this.media = media;
    this.remoteFingerprint = offer.fingerprint().value();
    this.ice = IceTransport.controlled(harvester, this);
    this.dtls =
        new DtlsEndpoint(
            engine.certificate(),
            offer.fingerprint().hashFunction(),
            offer.fingerprint().value(),
            true,
            this::sendRaw);
  }

  Stream stream() {
    return stream;
  }

  PeerInfo info() {
    return new PeerInfo(id, stream.id, role);
  }

  /** Whether the forwarding thread may send to / process this peer. */
  boolean ready() {
    return connected && !closed.get();
  }

  @Override
  public void onWritable() {
    if (dtlsStarted.compareAndSet(false, true)) {
      engine.startDtls(this);
    }
  }

  @Override
  public void onFailed(String reason) {
    engine.closeLater(this, CloseReason.ICE_FAILED);
  }

  @Override
  public void onPacket(Buffer buffer) {
    if (tcp != null) {
      tcp = null; // the client sends on UDP again: so does the node
    }
    if (buffer.getRemoteAddress() instanceof InetSocketAddress from && !from.equals(udpTarget)) {
      udpTarget = from;
    }
    receive(buffer);
  }

  @Override
  public String password() {
    return ice.localPassword();
  }

  @Override
  public void onTcpCheck(IceTcpConnection connection, boolean useCandidate) {
    lastReceivedMillis = System.currentTimeMillis();
    if (useCandidate) {
      tcp = connection;
    }
    onWritable();
  }

  @Override
  public void onTcpPacket(IceTcpConnection connection, Buffer buffer) {
    tcp = connection;
    receive(buffer);
  }

  @Override
  public void onTcpClosed(IceTcpConnection connection) {
    if (tcp == connection) {
      tcp = null;
    }
  }

  private void receive(Buffer buffer) {
    byte[] b = buffer.getBuffer();
    int off = buffer.getOffset();
    int len = buffer.getLength();
    if (closed.get() || len < 1) {
      PacketPool.release(b);
      return;
    }
    int first = b[off] & 0xFF;
    if (Rtp.isRtpOrRtcp(first) && srtp != null) {
      lastReceivedMillis = System.currentTimeMillis();
      if (!stream.worker.offer(new Worker.Inbound(this, b, off, len))) {
        PacketPool.release(b); // forwarding thread overloaded: dropped and counted
      }
      return;
    }
    if (Rtp.isDtls(first)) {
      lastReceivedMillis = System.currentTimeMillis();
      dtls.onPacket(b, off, len);
      if (connected) {
        stream.worker.execute(
            () -> {
              if (!dtls.pump()) {
                engine.closeLater(this, CloseReason.DTLS_FAILED);
              }
            });
      }
    }
    PacketPool.release(b);
  }

  /** Encrypts {@code out} (RTP) and sends it; forwarding thread only. */
  boolean sendRtp(PacketBuffer out) {
    SrtpSession s = srtp;
    if (s == null || !s.encryptRtp(out)) {
      return false;
    }
    return send(out.getBuffer(), out.getOffset(), out.getLength());
  }

  /** Encrypts {@code out} (compound RTCP) and sends it; forwarding thread only. */
  boolean sendRtcp(PacketBuffer out) {
    SrtpSession s = srtp;
    if (s == null || !s.encryptRtcp(out)) {
      return false;
    }
    return send(out.getBuffer(), out.getOffset(), out.getLength());
  }

  /** Sends on the ICE-TCP connection the client uses, else on the current ICE agent's pair. */
  void sendRaw(byte[] b, int off, int len) throws IOException {
    IceTcpConnection c = tcp;
    if (c != null && !c.isClosed()) {
      if (!c.send(b, off, len)) {
        throw new IOException("ICE-TCP send queue full");
      }
      return;
    }
    ice.send(b, off, len);
  }

  /**
   * SRTP/SRTCP out: queued in the forwarding thread's batch when the peer is on UDP and the node
   * has its own send sockets, else through ICE-TCP or ice4j.
   */
  private boolean send(byte[] b, int off, int len) {
    IceTcpConnection c = tcp;
    InetSocketAddress target = udpTarget;
    SendBatch batch = stream.worker.batch;
    if ((c == null || c.isClosed())
        && target != null
        && batch != null
        && stream.worker.isCurrent()) {
      batch.add(b, off, len, target);
      return true;
    }
    try {
      sendRaw(b, off, len);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Releases ICE and DTLS (sends close_notify); SRTP is closed by the forwarding thread. */
  void closeTransport() {
    dtls.close();
    engine.unregisterTcp(ice.localUfrag());
    ice.close();
  }
}
