package io.liveroom.media.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.MediaStreamStats;
import io.liveroom.infra.contracts.ServiceException;
import io.liveroom.media.MediaConfig;
import io.liveroom.media.rtp.Rtcp;
import io.liveroom.media.rtp.Rtp;
import io.liveroom.media.transport.SrtpSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The media path end to end over 127.0.0.1 with real ICE, DTLS and SRTP: a publisher client sends
 * RTP, the node forwards it, a player client receives it decrypted and intact.
 */
class MediaEngineLoopbackTest {
  static final MediaConfig CONFIG =
      new MediaConfig(0, "127.0.0.1", List.of(), 2_500_000, 4_000, 3_000, 200, 1024, 2);
  private static final Duration DEADLINE = Duration.ofSeconds(15);

  record Event(PeerInfo peer, String what, CloseReason reason) {}

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final List<WebRtcTestClient> clients = new ArrayList<>();
  private MediaEngine engine;

  @BeforeEach
  void start() throws Exception {
    engine =
        MediaEngine.start(
            CONFIG,
            new MediaListener() {
              @Override
              public void onPeerConnected(PeerInfo peer) {
                events.add(new Event(peer, "connected", null));
              }

              @Override
              public void onPeerClosed(PeerInfo peer, CloseReason reason) {
                events.add(new Event(peer, "closed", reason));
              }
            });
  }

  @AfterEach
  void stop() {
    clients.forEach(WebRtcTestClient::close);
    engine.close();
  }

  @Test
  void publishedRtpReachesThePlayerDecryptedAndIntact() throws Exception {
    WebRtcTestClient publisher = connectPublisher("s1");
    WebRtcTestClient player = connectPlayer("s1", 109, 120, 5, 7);
    assertEquals(SrtpSession.AEAD_AES_128_GCM, player.srtpProfile(), "AES-GCM is preferred");

    // keyframe request to the publisher as soon as the player is up
    awaitRtcp(publisher, Rtcp.PSFB, Rtcp.FMT_PLI, WebRtcTestClient.VIDEO_SSRC);

    Random random = new Random(42);
    Map<Long, byte[]> sentPayloads = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      boolean audio = i % 2 == 0;
      byte[] payload = new byte[audio ? 80 : 1000];
      random.nextBytes(payload);
      int seq = 1000 + i / 2; // each source has its own gap-free sequence
      long ssrc = audio ? WebRtcTestClient.AUDIO_SSRC : WebRtcTestClient.VIDEO_SSRC;
      publisher.sendRtp(
          WebRtcTestClient.rtpPacket(
              audio ? 111 : 96, seq, 960L * i, ssrc, audio ? 1 : 3, seq & 0xFF, payload));
      sentPayloads.put(ssrc << 16 | seq, payload);
    }

    List<byte[]> received = new ArrayList<>();
    await(
        () -> {
          player.rtp.drainTo(received);
          return received.size() >= 100;
        },
        "player receives all 100 packets, got " + received.size());
    for (byte[] packet : received) {
      long ssrc = Rtp.ssrc(packet, 0);
      int seq = Rtp.sequence(packet, 0);
      byte[] expected = sentPayloads.get(ssrc << 16 | seq);
      assertNotNull(expected, "unexpected packet " + ssrc + "/" + seq);
      int header = Rtp.headerLength(packet, 0, packet.length);
      assertArrayEquals(
          expected, Arrays.copyOfRange(packet, header, packet.length), "payload of " + seq);
      boolean audio = ssrc == WebRtcTestClient.AUDIO_SSRC;
      assertEquals(audio ? 109 : 120, Rtp.payloadType(packet, 0), "player's payload type");
      assertEquals(
          audio ? 5 : 7, (packet[16] & 0xFF) >> 4, "extension id rewritten to the player's");
      assertEquals(seq & 0xFF, packet[17] & 0xFF, "extension value kept");
    }

    await(
        () ->
            engine
                .stats("s1")
                .map(s -> s.packetsReceived() >= 100 && s.players() == 1 && s.publishing())
                .orElse(false),
        "stats count the stream");
    MediaStreamStats stats = engine.stats("s1").orElseThrow();
    assertTrue(stats.packetsSent() >= 100, "sent " + stats.packetsSent());
    assertEquals(0, stats.packetsLost());
  }

  @Test
  void rtcpIsTerminatedAtTheNode() throws Exception {
    WebRtcTestClient publisher = connectPublisher("s2");
    byte[] payload = new byte[500];
    new Random(1).nextBytes(payload);
    for (int seq = 0; seq < 20; seq++) {
      publisher.sendRtp(
          WebRtcTestClient.rtpPacket(
              96, seq, seq * 3000L, WebRtcTestClient.VIDEO_SSRC, 3, seq, payload));
    }
    byte[] sr = new byte[28];
    int srLen =
        Rtcp.senderReport(
            sr,
            0,
            WebRtcTestClient.VIDEO_SSRC,
            Rtcp.ntp(System.currentTimeMillis()),
            60_000,
            20,
            10_000);
    publisher.sendRtcp(sr, srLen);
    await(
        () -> engine.stats("s2").map(s -> s.packetsReceived() >= 20).orElse(false),
        "node received 20 packets");
    // a player that joins now missed them all: its NACK must be answered from the node's cache
    WebRtcTestClient player = connectPlayer("s2", 111, 96, 1, 3);

    // the player NACKs seq 5 and 7 (pid 5, blp bit 1): the node answers from its cache
    byte[] nack = new byte[64];
    int pos = Rtcp.receiverReport(nack, 0, 0x33333333L, List.of());
    nack[pos] = (byte) (0x80 | Rtcp.FMT_NACK);
    nack[pos + 1] = (byte) Rtcp.RTPFB;
    Rtp.writeUint16(nack, pos + 2, 3);
    Rtp.writeUint32(nack, pos + 4, 0x33333333L);
    Rtp.writeUint32(nack, pos + 8, WebRtcTestClient.VIDEO_SSRC);
    Rtp.writeUint16(nack, pos + 12, 5);
    Rtp.writeUint16(nack, pos + 14, 0b10);
    player.sendRtcp(nack, pos + 16);
    List<Integer> resent = new ArrayList<>();
    await(
        () -> {
          byte[] p = player.rtp.poll();
          if (p != null) {
            resent.add(Rtp.sequence(p, 0));
          }
          return resent.containsAll(List.of(5, 7));
        },
        "NACKed packets retransmitted, got " + resent);

    // the node's own reports: RR + REMB up to the publisher, SR down to the player
    byte[] remb = awaitRtcp(publisher, Rtcp.PSFB, Rtcp.FMT_AFB, 0);
    assertEquals(Rtcp.RR, remb[1] & 0xFF, "compound RTCP starts with the node's RR");
    byte[] srToPlayer = awaitRtcp(player, Rtcp.SR, 0, -1);
    assertEquals(WebRtcTestClient.VIDEO_SSRC, Rtcp.senderSsrc(srToPlayer, 0));
    await(
        () ->
            engine
                .stats("s2")
                .map(s -> s.nacksAnswered() >= 2 && s.estimateBps() > 0)
                .orElse(false),
        "stats count NACK answers and the estimate");
  }

  @Test
  void deadPlayerIsDroppedAndStopReachesPlayers() throws Exception {
    WebRtcTestClient publisher = connectPublisher("s3");
    WebRtcTestClient gone = connectPlayer("s3", 111, 96, 1, 3);
    WebRtcTestClient staying = connectPlayer("s3", 111, 96, 1, 3);
    long vanishedAt = System.currentTimeMillis();
    gone.vanish();
    await(
        () -> events.stream().anyMatch(e -> e.reason() == CloseReason.CONSENT_EXPIRED),
        "vanished player dropped");
    long detectMs = System.currentTimeMillis() - vanishedAt;
    assertTrue(detectMs < CONFIG.peerTimeoutMs() + 3_000, "detected after " + detectMs + " ms");
    await(() -> engine.stats("s3").map(s -> s.players() == 1).orElse(false), "one player left");

    assertTrue(engine.stopStream("s3"));
    await(
        () -> events.stream().filter(e -> e.reason() == CloseReason.PUBLISHER_GONE).count() == 1,
        "remaining player told the publisher is gone");
    awaitRtcp(staying, Rtcp.BYE, -1, -1);
    assertTrue(engine.stats("s3").isEmpty());
    assertEquals(0, engine.peerCount());
    assertTrue(publisher.connected());
  }

  @Test
  void badRequestsAndFailedHandshakesAreReported() throws Exception {
    connectPublisher("s4");
    WebRtcTestClient second = newClient();
    ServiceException taken =
        assertThrows(
            ServiceException.class, () -> engine.publish("s4", second.offer(true, 111, 96, 1, 3)));
    assertEquals(ErrorCode.STREAM_ID_TAKEN, taken.code());
    assertEquals(
        ErrorCode.STREAM_NOT_FOUND,
        assertThrows(
                ServiceException.class,
                () -> engine.play("nope", second.offer(false, 111, 96, 1, 3)))
            .code());
    assertEquals(
        ErrorCode.INVALID_SDP,
        assertThrows(
                ServiceException.class,
                () -> engine.publish("s5", "v=0\r\nm=audio 9 RTP/AVP 0\r\n"))
            .code());
    assertFalse(engine.stop("unknown-peer"));
    // the stream registry names the publisher peer: the node uses that id, and refuses one it holds
    MediaSession named =
        engine.publish("s6", second.offer(true, 111, 96, 1, 3), "pub-named-by-registry");
    assertEquals("pub-named-by-registry", named.peerId());
    assertEquals(
        ErrorCode.INVALID_FIELD,
        assertThrows(
                ServiceException.class,
                () ->
                    engine.publish(
                        "s7", newClient().offer(true, 111, 96, 1, 3), "pub-named-by-registry"))
            .code());
    assertTrue(engine.stats("s7").isEmpty());
    assertTrue(engine.stop("pub-named-by-registry"));

    // an offer whose fingerprint is not the client's certificate: the node refuses the DTLS
    // handshake
    WebRtcTestClient impostor = newClient();
    String forged =
        impostor
            .offer(false, 111, 96, 1, 3)
            .replace(
                impostor.certificate.fingerprintSha256(), second.certificate.fingerprintSha256());
    MediaSession session = engine.play("s4", forged);
    impostor.accept(session.answerSdp());
    await(
        () -> events.contains(new Event(peerInfo(session), "closed", CloseReason.DTLS_FAILED)),
        "forged fingerprint rejected");
    assertFalse(impostor.connected());

    // an answer nobody uses: dropped after connectTimeoutMs
    MediaSession idle = engine.play("s4", newClient().offer(false, 111, 96, 1, 3));
    await(
        () -> events.contains(new Event(peerInfo(idle), "closed", CloseReason.CONNECT_TIMEOUT)),
        "unconnected player dropped");
    assertTrue(engine.peer(idle.peerId()).isEmpty());
  }

  private static PeerInfo peerInfo(MediaSession session) {
    return new PeerInfo(session.peerId(), session.streamId(), session.role());
  }

  private WebRtcTestClient connectPublisher(String streamId) throws Exception {
    WebRtcTestClient client = newClient();
    MediaSession session = engine.publish(streamId, client.offer(true, 111, 96, 1, 3));
    assertEquals(PeerRole.PUBLISHER, session.role());
    client.accept(session.answerSdp());
    awaitConnected(client, session);
    return client;
  }

  private WebRtcTestClient connectPlayer(
      String streamId, int opusPt, int vp8Pt, int audioLevelId, int absSendTimeId)
      throws Exception {
    WebRtcTestClient client = newClient();
    MediaSession session =
        engine.play(streamId, client.offer(false, opusPt, vp8Pt, audioLevelId, absSendTimeId));
    assertTrue(session.answerSdp().contains("a=sendonly"));
    client.accept(session.answerSdp());
    awaitConnected(client, session);
    return client;
  }

  private void awaitConnected(WebRtcTestClient client, MediaSession session) {
    await(
        () -> {
          if (client.failure.get() != null) {
            fail("client failed", client.failure.get());
          }
          return client.connected()
              && events.stream()
                  .anyMatch(
                      e ->
                          e.what().equals("connected")
                              && e.peer().peerId().equals(session.peerId()));
        },
        session.peerId() + " connects");
  }

  private WebRtcTestClient newClient() throws Exception {
    WebRtcTestClient client = new WebRtcTestClient();
    clients.add(client);
    return client;
  }

  /**
   * Waits for an RTCP compound holding a packet of {@code type} (and {@code fmt}, media SSRC if >=
   * 0).
   */
  private static byte[] awaitRtcp(WebRtcTestClient client, int type, int fmt, long mediaSsrc) {
    byte[][] found = new byte[1][];
    await(
        () -> {
          byte[] compound = client.rtcp.poll();
          if (compound != null) {
            Rtcp.walk(
                compound,
                0,
                compound.length,
                (t, count, b, off, len) -> {
                  if (t == type
                      && (fmt < 0 || count == fmt)
                      && (mediaSsrc < 0 || Rtcp.mediaSsrc(b, off) == mediaSsrc)) {
                    found[0] = compound;
                  }
                });
          }
          return found[0] != null;
        },
        "RTCP type " + type + " fmt " + fmt);
    return found[0];
  }

  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }
}
