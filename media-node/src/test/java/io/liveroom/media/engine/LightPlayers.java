package io.liveroom.media.engine;

import io.liveroom.media.rtp.Rtcp;
import io.liveroom.media.rtp.Rtp;
import io.liveroom.media.sdp.SdpParser;
import io.liveroom.media.sdp.SessionDescription;
import io.liveroom.media.transport.DtlsCertificate;
import io.liveroom.media.transport.DtlsEndpoint;
import io.liveroom.media.transport.PacketBuffer;
import io.liveroom.media.transport.SrtpSession;
import io.liveroom.media.transport.StunBinding;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Lightweight receive-only WebRTC players for load tools: one thread and one selector for all of
 * them, a plain {@code DatagramChannel} each, ICE-controlling checks and answers written here (no
 * ice4j), DTLS client on a small handshake pool, SRTP decrypt and count. What a player receives
 * goes to its {@link WebRtcTestClient.RtpSink}.
 */
final class LightPlayers implements AutoCloseable {
  /** One player: its socket, ICE credentials, DTLS and SRTP state. */
  final class Player {
    final DatagramChannel channel;
    final String ufrag = token(8);
    final String pwd = token(24);
    final WebRtcTestClient.RtpSink sink;
    volatile long connectedNanos;

    /** When ICE completed for this player (its check answered, or the offerer's check came). */
    volatile long iceNanos;

    private InetSocketAddress remote;
    private String remoteUfrag;
    private String remotePwd;
    private DtlsEndpoint dtls;
    private volatile SrtpSession srtp;
    private volatile boolean iceDone;
    private volatile boolean closed;

    /** Answerer (a server's offer, {@link #answer}): ICE-controlled, sends no checks. */
    private volatile boolean controlled;

    /** Answerer: a verified check of the offerer came (the offerer works on the pair). */
    private volatile boolean offererChecked;

    /** The answer said {@code a=setup:active}: this player is the DTLS server. */
    private volatile boolean dtlsServer;

    private long nextCheck;
    private long nextReport;

    Player(WebRtcTestClient.RtpSink sink) throws IOException {
      this.sink = sink;
      channel =
          DatagramChannel.open().bind(new InetSocketAddress(LoopbackHostHarvester.ADDRESS, 0));
      channel.configureBlocking(false);
    }

    String offer(int opusPt, int vp8Pt) throws IOException {
      int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
      return WebRtcTestClient.offer(
          ufrag, pwd, certificate.fingerprintSha256(), port, false, opusPt, vp8Pt, 1, 3);
    }

    /** Applies the answer: checks start on the hub thread. */
    void accept(String answerSdp) {
      SessionDescription answer = SdpParser.parse(answerSdp);
      SessionDescription.Candidate c = answer.media().get(0).candidates().get(0);
      remote = new InetSocketAddress(c.address(), c.port());
      remoteUfrag = answer.iceUfrag();
      remotePwd = answer.icePwd();
      dtlsServer = "active".equals(answer.setup());
      dtls =
          new DtlsEndpoint(
              certificate,
              answer.fingerprint().hashFunction(),
              answer.fingerprint().value(),
              dtlsServer,
              (b, off, len) -> channel.send(ByteBuffer.wrap(b, off, len), remote));
      added.add(this);
      selector.wakeup();
    }

    /**
     * Answers a server's offer (Janus's subscriber offer) instead of offering: the answer from
     * {@link #answerSdp}, this player the DTLS client and ICE-controlled: it answers the offerer's
     * checks (their source is the pair) and starts DTLS on the first one.
     */
    String answer(String offerSdp) throws IOException {
      SessionDescription offer = SdpParser.parse(offerSdp);
      controlled = true;
      remoteUfrag = offer.iceUfrag();
      remotePwd = offer.icePwd();
      // like a browser, checks towards the offerer's first candidate at once (its own checks may
      // give up before this player's thread gets to them on a busy core)
      offer.media().stream()
          .flatMap(m -> m.candidates().stream())
          .filter(c -> c.transport().equals("udp") && c.component() == 1)
          .findFirst()
          .ifPresent(c -> remote = new InetSocketAddress(c.address(), c.port()));
      dtls =
          new DtlsEndpoint(
              certificate,
              offer.fingerprint().hashFunction(),
              offer.fingerprint().value(),
              false,
              (b, off, len) -> channel.send(ByteBuffer.wrap(b, off, len), remote));
      InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
      String sdp =
          answerSdp(
              offer,
              ufrag,
              pwd,
              certificate.fingerprintSha256(),
              local.getAddress().getHostAddress(),
              local.getPort());
      added.add(this);
      selector.wakeup();
      return sdp;
    }

    boolean connected() {
      return srtp != null;
    }

    void close() {
      closed = true;
      if (dtls != null) {
        dtls.close();
      }
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing
      }
    }

    private void onDatagram(byte[] b, int len, InetSocketAddress from) throws IOException {
      int first = b[0] & 0xFF;
      if (first < 4 && StunBinding.isStun(b, 0, len)) {
        int type = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        if (type == 0x0101) {
          if (!iceDone && (!controlled || offererChecked)) {
            iceNanos = System.nanoTime();
            iceDone = true;
            handshakes.execute(this::handshake);
          }
        } else if (type == 0x0001) {
          StunBinding.Request r = StunBinding.parseRequest(b, 0, len);
          if (r != null) {
            channel.send(ByteBuffer.wrap(StunBinding.successResponse(r, from, pwd)), from);
            if (controlled && !offererChecked && StunBinding.verify(b, 0, r, pwd)) {
              // the offerer's check: its source is the pair; DTLS starts when this player's own
              // (triggered) check on it is answered after that: the offerer has seen its answer
              offererChecked = true;
              remote = from;
              nextCheck = System.nanoTime() + 50_000_000L;
              channel.send(ByteBuffer.wrap(check(this)), remote);
            }
          }
        }
      } else if (first >= 20 && first <= 63) {
        dtls.onPacket(b, 0, len);
      } else if (first >= 128 && first <= 191 && srtp != null && !Rtp.isRtcp(b, 0, len)) {
        PacketBuffer p = scratch.wrap(b, 0, len);
        if (srtp.decryptRtp(p)) {
          sink.onRtp(p.getBuffer(), p.getOffset(), p.getLength(), System.nanoTime());
        }
      }
    }

    private void handshake() {
      try {
        DtlsEndpoint.Keys keys = dtls.handshake();
        srtp = new SrtpSession(keys.srtpProfile(), keys.keyingMaterial(), dtlsServer);
        connectedNanos = System.nanoTime();
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          System.err.println("player DTLS failed: " + e);
        }
      }
    }

    /** Hub thread: ICE checks until answered, RTCP receiver reports every 500 ms once connected. */
    private void timers(long now) throws IOException {
      if (!iceDone && remote != null && now >= nextCheck) {
        nextCheck = now + 50_000_000L;
        channel.send(ByteBuffer.wrap(check(this)), remote);
      }
      SrtpSession s = srtp;
      if (s != null && now >= nextReport) {
        nextReport = now + 500_000_000L;
        byte[] rr = new byte[64];
        int n = Rtcp.receiverReport(rr, 0, 0x33333333L, List.of());
        PacketBuffer p = new PacketBuffer().copyFrom(rr, 0, n);
        if (s.encryptRtcp(p)) {
          channel.send(ByteBuffer.wrap(p.getBuffer(), p.getOffset(), p.getLength()), remote);
        }
      }
    }
  }

  /**
   * An answer to {@code offer}: every audio/video m-line accepted receive-only (inactive when the
   * offerer does not send) with its first codec, its feedback and fmtp, the same mids, bundled,
   * rtcp-mux, {@code setup:active}, one host candidate; any other m-line rejected (port 0).
   */
  static String answerSdp(
      SessionDescription offer,
      String ufrag,
      String pwd,
      String fingerprint,
      String address,
      int port) {
    StringBuilder media = new StringBuilder();
    List<String> bundle = new java.util.ArrayList<>();
    for (SessionDescription.Media m : offer.media()) {
      boolean av = m.kind().equals("audio") || m.kind().equals("video");
      if (!av || m.port() == 0 || m.codecs().isEmpty()) {
        media.append("m=").append(m.kind()).append(" 0 ").append(m.protocol()).append(' ');
        media.append(m.formats().isEmpty() ? "0" : m.formats().get(0)).append("\r\n");
        media.append("c=IN IP4 0.0.0.0\r\n");
        if (m.mid() != null) {
          media.append("a=mid:").append(m.mid()).append("\r\n");
        }
        media.append("a=inactive\r\n");
        continue;
      }
      SessionDescription.Codec c = m.codecs().get(0);
      bundle.add(m.mid());
      media.append("m=").append(m.kind()).append(" 9 UDP/TLS/RTP/SAVPF ");
      media.append(c.payloadType()).append("\r\nc=IN IP4 0.0.0.0\r\n");
      media.append("a=ice-ufrag:").append(ufrag).append("\r\n");
      media.append("a=ice-pwd:").append(pwd).append("\r\n");
      media.append("a=fingerprint:sha-256 ").append(fingerprint).append("\r\n");
      media.append("a=setup:active\r\n");
      media.append("a=mid:").append(m.mid()).append("\r\n");
      media.append(m.sends() ? "a=recvonly\r\n" : "a=inactive\r\n");
      media.append("a=rtcp-mux\r\n");
      media.append("a=rtpmap:").append(c.payloadType()).append(' ').append(c.name());
      media.append('/').append(c.clockRate());
      media.append(c.channels() > 1 ? "/" + c.channels() : "").append("\r\n");
      if (c.fmtp() != null && !c.fmtp().isEmpty()) {
        media.append("a=fmtp:").append(c.payloadType()).append(' ').append(c.fmtp());
        media.append("\r\n");
      }
      for (String fb : c.feedback()) {
        media.append("a=rtcp-fb:").append(c.payloadType()).append(' ').append(fb).append("\r\n");
      }
      media.append("a=candidate:1 1 udp 2122260223 ").append(address).append(' ').append(port);
      media.append(" typ host generation 0\r\na=end-of-candidates\r\n");
    }
    return "v=0\r\no=- "
        + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)
        + " 2 IN IP4 "
        + address
        + "\r\ns=-\r\nt=0 0\r\n"
        + (bundle.isEmpty() ? "" : "a=group:BUNDLE " + String.join(" ", bundle) + "\r\n")
        + "a=msid-semantic: WMS *\r\n"
        + media;
  }

  private final DtlsCertificate certificate = DtlsCertificate.generate("light-player");
  private final Selector selector;
  private final ConcurrentLinkedQueue<Player> added = new ConcurrentLinkedQueue<>();
  private final ExecutorService handshakes = Executors.newCachedThreadPool(daemon());
  private final PacketBuffer scratch = new PacketBuffer();
  private final Thread hub;
  private final long tieBreaker = ThreadLocalRandom.current().nextLong();
  private volatile boolean running = true;

  LightPlayers() throws IOException {
    selector = Selector.open();
    hub = new Thread(this::run, "light-players");
    hub.setDaemon(true);
    hub.start();
  }

  Player newPlayer(WebRtcTestClient.RtpSink sink) throws IOException {
    return new Player(sink);
  }

  private void run() {
    ByteBuffer in = ByteBuffer.allocate(2048);
    byte[] b = in.array();
    java.util.List<Player> all = new java.util.ArrayList<>();
    while (running) {
      try {
        selector.select(10);
        Player p;
        while ((p = added.poll()) != null) {
          p.channel.register(selector, SelectionKey.OP_READ, p);
          all.add(p);
        }
        for (SelectionKey key : selector.selectedKeys()) {
          Player player = (Player) key.attachment();
          InetSocketAddress from;
          while (key.isValid()
              && (from = (InetSocketAddress) player.channel.receive(in.clear())) != null) {
            try {
              player.onDatagram(b, in.position(), from);
            } catch (RuntimeException e) {
              // a bad datagram: dropped
            }
          }
        }
        selector.selectedKeys().clear();
        long now = System.nanoTime();
        all.removeIf(x -> x.closed);
        for (Player x : all) {
          try {
            x.timers(now);
          } catch (IOException ignored) {
            // closed meanwhile
          }
        }
      } catch (IOException | RuntimeException e) {
        if (running) {
          System.err.println("light players: " + e);
        }
      }
    }
  }

  /**
   * An ICE-controlling binding request with USE-CANDIDATE (RFC 8445), or for an answerer an
   * ICE-controlled one without, signed with the peer's pwd.
   */
  private byte[] check(Player p) {
    byte[] user = (p.remoteUfrag + ":" + p.ufrag).getBytes(StandardCharsets.UTF_8);
    int userPadded = (user.length + 3) & ~3;
    boolean controlling = !p.controlled;
    byte[] m = new byte[20 + 4 + userPadded + 8 + 12 + (controlling ? 4 : 0) + 24 + 8];
    put16(m, 0, 0x0001);
    put32(m, 4, 0x2112A442);
    byte[] tid = new byte[12];
    ThreadLocalRandom.current().nextBytes(tid);
    System.arraycopy(tid, 0, m, 8, 12);
    int pos = 20;
    put16(m, pos, 0x0006);
    put16(m, pos + 2, user.length);
    System.arraycopy(user, 0, m, pos + 4, user.length);
    pos += 4 + userPadded;
    put16(m, pos, 0x0024); // PRIORITY
    put16(m, pos + 2, 4);
    put32(m, pos + 4, 0x6E7F1EFF);
    pos += 8;
    put16(m, pos, controlling ? 0x802A : 0x8029); // ICE-CONTROLLING / ICE-CONTROLLED
    put16(m, pos + 2, 8);
    put32(m, pos + 4, (int) (tieBreaker >>> 32));
    put32(m, pos + 8, (int) tieBreaker);
    pos += 12;
    if (controlling) {
      put16(m, pos, 0x0025); // USE-CANDIDATE
      put16(m, pos + 2, 0);
      pos += 4;
    }
    put16(m, 2, pos + 24 - 20);
    byte[] mac = hmac(p.remotePwd, m, pos);
    put16(m, pos, 0x0008);
    put16(m, pos + 2, 20);
    System.arraycopy(mac, 0, m, pos + 4, 20);
    pos += 24;
    put16(m, 2, pos + 8 - 20);
    CRC32 crc = new CRC32();
    crc.update(m, 0, pos);
    put16(m, pos, 0x8028);
    put16(m, pos + 2, 4);
    put32(m, pos + 4, (int) crc.getValue() ^ 0x5354554e);
    return m;
  }

  private static byte[] hmac(String key, byte[] data, int len) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      mac.update(data, 0, len);
      return mac.doFinal();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void put16(byte[] b, int pos, int v) {
    b[pos] = (byte) (v >>> 8);
    b[pos + 1] = (byte) v;
  }

  private static void put32(byte[] b, int pos, int v) {
    put16(b, pos, v >>> 16);
    put16(b, pos + 2, v);
  }

  private static String token(int n) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "light-dtls");
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
    handshakes.shutdownNow();
    try {
      selector.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
