package io.liveroom.media.engine;

import io.liveroom.media.rtp.Rtp;
import io.liveroom.media.sdp.SdpParser;
import io.liveroom.media.sdp.SessionDescription;
import io.liveroom.media.transport.DtlsCertificate;
import io.liveroom.media.transport.DtlsEndpoint;
import io.liveroom.media.transport.IceTransport;
import io.liveroom.media.transport.PacketBuffer;
import io.liveroom.media.transport.SrtpSession;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.ice4j.util.Buffer;

/**
 * A WebRTC client on the node's own stack for tests: ICE-controlling on a 127.0.0.1 host candidate,
 * DTLS client, SRTP. Decrypted packets land in {@link #rtp} and {@link #rtcp}.
 */
final class WebRtcTestClient implements AutoCloseable {
  static final long AUDIO_SSRC = 0x11111111L;
  static final long VIDEO_SSRC = 0x22222222L;

  final DtlsCertificate certificate = DtlsCertificate.generate("test-client");
  final LoopbackHostHarvester harvester = new LoopbackHostHarvester();
  final IceTransport ice;
  final LinkedBlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
  final LinkedBlockingQueue<byte[]> rtcp = new LinkedBlockingQueue<>();
  final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile DtlsEndpoint dtls;

  /** Whether the answer made this client the DTLS server ({@code a=setup:active}, Janus). */
  private volatile boolean dtlsServer;

  private volatile SrtpSession srtp;
  private volatile boolean closed;

  /** Bench mode: count and drop received media instead of decrypting and keeping it. */
  volatile boolean discardMedia;

  /** Receives decrypted RTP instead of {@link #rtp} when set (load tools: count, do not keep). */
  interface RtpSink {
    void onRtp(byte[] b, int off, int len, long arrivalNanos);
  }

  volatile RtpSink sink;

  /** When the DTLS handshake completed (System.nanoTime), 0 before. */
  volatile long connectedNanos;

  final java.util.concurrent.atomic.LongAdder discarded =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.ScheduledExecutorService reports =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "test-rtcp");
            t.setDaemon(true);
            return t;
          });
  private Thread reader;

  WebRtcTestClient() throws IOException {
    ice =
        IceTransport.controlling(
            harvester,
            new IceTransport.Listener() {
              @Override
              public void onWritable() {
                Thread t = new Thread(WebRtcTestClient.this::handshake, "test-dtls");
                t.setDaemon(true);
                t.start();
              }

              @Override
              public void onFailed(String reason) {
                failure.compareAndSet(null, new IOException(reason));
              }

              @Override
              public void onPacket(Buffer buffer) {}
            });
  }

  /**
   * An offer like Chrome's: audio (Opus) + video (VP8, H264), with audio-level and abs-send-time.
   */
  String offer(boolean publish, int opusPt, int vp8Pt, int audioLevelId, int absSendTimeId) {
    return offer(
        ice.localUfrag(),
        ice.localPassword(),
        certificate.fingerprintSha256(),
        harvester.port(),
        publish,
        opusPt,
        vp8Pt,
        audioLevelId,
        absSendTimeId);
  }

  /**
   * The same offer for any ICE credentials, certificate and port on 127.0.0.1 ({@link
   * LoopbackHostHarvester#ADDRESS}).
   */
  static String offer(
      String ufrag,
      String pwd,
      String fingerprint,
      int port,
      boolean publish,
      int opusPt,
      int vp8Pt,
      int audioLevelId,
      int absSendTimeId) {
    String dir = publish ? "sendonly" : "recvonly";
    String common =
        "a=ice-ufrag:"
            + ufrag
            + "\r\n"
            + "a=ice-pwd:"
            + pwd
            + "\r\n"
            + "a=ice-options:trickle\r\n"
            + "a=fingerprint:sha-256 "
            + fingerprint
            + "\r\n"
            + "a=setup:actpass\r\n"
            + "a=candidate:1 1 udp 2122260223 "
            + LoopbackHostHarvester.ADDRESS.getHostAddress()
            + " "
            + port
            + " typ host generation 0\r\n";
    String sdp =
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
            + "a=msid-semantic: WMS s\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF "
            + opusPt
            + " 0\r\nc=IN IP4 0.0.0.0\r\n"
            + common
            + "a=mid:0\r\n"
            + "a=extmap:"
            + audioLevelId
            + " urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"
            + "a=extmap:14 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n"
            + "a="
            + dir
            + "\r\na=rtcp-mux\r\na=rtcp-rsize\r\n"
            + "a=rtpmap:"
            + opusPt
            + " opus/48000/2\r\na=fmtp:"
            + opusPt
            + " minptime=10;useinbandfec=1\r\n"
            + (publish
                ? "a=ssrc:" + AUDIO_SSRC + " cname:test\r\na=ssrc:" + AUDIO_SSRC + " msid:s a\r\n"
                : "")
            + "m=video 9 UDP/TLS/RTP/SAVPF "
            + vp8Pt
            + " 102\r\nc=IN IP4 0.0.0.0\r\n"
            + common
            + "a=mid:1\r\n"
            + "a=extmap:"
            + absSendTimeId
            + " http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n"
            + "a="
            + dir
            + "\r\na=rtcp-mux\r\na=rtcp-rsize\r\n"
            + "a=rtpmap:"
            + vp8Pt
            + " VP8/90000\r\n"
            + "a=rtcp-fb:"
            + vp8Pt
            + " goog-remb\r\na=rtcp-fb:"
            + vp8Pt
            + " ccm fir\r\n"
            + "a=rtcp-fb:"
            + vp8Pt
            + " nack\r\na=rtcp-fb:"
            + vp8Pt
            + " nack pli\r\n"
            + "a=rtpmap:102 H264/90000\r\n"
            + "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n"
            + (publish
                ? "a=ssrc:" + VIDEO_SSRC + " cname:test\r\na=ssrc:" + VIDEO_SSRC + " msid:s v\r\n"
                : "");
    return sdp;
  }

  /** Applies the node's answer and starts ICE checks towards its candidates. */
  void accept(String answerSdp) {
    SessionDescription answer = SdpParser.parse(answerSdp);
    dtlsServer = "active".equals(answer.setup());
    dtls =
        new DtlsEndpoint(
            certificate,
            answer.fingerprint().hashFunction(),
            answer.fingerprint().value(),
            dtlsServer,
            ice::send);
    List<IceTransport.RemoteAddress> remote = new ArrayList<>();
    for (SessionDescription.Candidate c : answer.media().get(0).candidates()) {
      try {
        remote.add(
            new IceTransport.RemoteAddress(
                InetAddress.getByName(c.address()), c.port(), c.foundation(), c.priority()));
      } catch (IOException e) {
        throw new IllegalArgumentException(e);
      }
    }
    reader = new Thread(this::read, "test-reader");
    reader.setDaemon(true);
    reader.start();
    ice.start(answer.iceUfrag(), answer.icePwd(), remote);
  }

  boolean connected() {
    return srtp != null;
  }

  int srtpProfile() {
    return srtp.profile();
  }

  private void handshake() {
    try {
      DtlsEndpoint.Keys keys = dtls.handshake();
      srtp = new SrtpSession(keys.srtpProfile(), keys.keyingMaterial(), dtlsServer);
      connectedNanos = System.nanoTime();
      // like a browser: an RTCP receiver report every 500 ms keeps the peer alive at the node
      reports.scheduleAtFixedRate(
          () -> {
            byte[] rr = new byte[8];
            try {
              sendRtcp(
                  rr, io.liveroom.media.rtp.Rtcp.receiverReport(rr, 0, 0x33333333L, List.of()));
            } catch (IOException | RuntimeException ignored) {
              // closing
            }
          },
          0,
          500,
          java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (IOException | RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  private void read() {
    byte[] buf = new byte[2048];
    DatagramPacket packet = new DatagramPacket(buf, buf.length);
    DatagramSocket socket = ice.component().getSocket();
    while (!closed) {
      try {
        packet.setData(buf, 0, buf.length);
        socket.receive(packet);
      } catch (IOException e) {
        return;
      }
      int len = packet.getLength();
      int first = buf[0] & 0xFF;
      if (Rtp.isDtls(first)) {
        dtls.onPacket(buf, 0, len);
      } else if (discardMedia) {
        discarded.increment();
      } else if (Rtp.isRtpOrRtcp(first) && srtp != null) {
        PacketBuffer p = new PacketBuffer().copyFrom(buf, 0, len);
        if (Rtp.isRtcp(buf, 0, len)) {
          if (srtp.decryptRtcp(p)) {
            rtcp.add(
                Arrays.copyOfRange(p.getBuffer(), p.getOffset(), p.getOffset() + p.getLength()));
          }
        } else if (srtp.decryptRtp(p)) {
          RtpSink s = sink;
          if (s != null) {
            s.onRtp(p.getBuffer(), p.getOffset(), p.getLength(), System.nanoTime());
            continue;
          }
          rtp.add(Arrays.copyOfRange(p.getBuffer(), p.getOffset(), p.getOffset() + p.getLength()));
        }
      }
    }
  }

  void sendRtp(byte[] packet) throws IOException {
    PacketBuffer p = new PacketBuffer().copyFrom(packet, 0, packet.length);
    if (!srtp.encryptRtp(p)) {
      throw new IOException("SRTP encrypt failed");
    }
    ice.send(p.getBuffer(), p.getOffset(), p.getLength());
  }

  void sendRtcp(byte[] packet, int len) throws IOException {
    PacketBuffer p = new PacketBuffer().copyFrom(packet, 0, len);
    if (!srtp.encryptRtcp(p)) {
      throw new IOException("SRTCP encrypt failed");
    }
    ice.send(p.getBuffer(), p.getOffset(), p.getLength());
  }

  /** Vanishes without a word (no DTLS close_notify): what a crashed browser does. */
  void vanish() {
    closed = true;
    reports.shutdownNow();
    ice.close();
  }

  @Override
  public void close() {
    closed = true;
    reports.shutdownNow();
    if (dtls != null) {
      dtls.close();
    }
    ice.close();
  }

  /**
   * An RTP packet with a one-byte header extension element {@code extId} (1 byte value) and a
   * payload.
   */
  static byte[] rtpPacket(
      int pt, int seq, long timestamp, long ssrc, int extId, int extValue, byte[] payload) {
    byte[] b = new byte[12 + 8 + payload.length];
    b[0] = (byte) 0x90; // V=2, X=1
    b[1] = (byte) pt;
    Rtp.writeUint16(b, 2, seq);
    Rtp.writeUint32(b, 4, timestamp);
    Rtp.writeUint32(b, 8, ssrc);
    b[12] = (byte) 0xBE;
    b[13] = (byte) 0xDE;
    Rtp.writeUint16(b, 14, 1);
    b[16] = (byte) (extId << 4); // length field 0 = one byte of data
    b[17] = (byte) extValue;
    System.arraycopy(payload, 0, b, 20, payload.length);
    return b;
  }
}
