package io.liveroom.media.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.liveroom.media.MediaConfig;
import io.liveroom.media.rtp.Rtcp;
import io.liveroom.media.rtp.Rtp;
import io.liveroom.media.rtp.TransportCcFeedback;
import io.liveroom.media.sdp.SdpParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The publisher side of transport-cc, NACK and RTX, and RTX + transport-cc towards a player, over
 * real ICE/DTLS/SRTP on 127.0.0.1 with byte-level packets.
 */
class MediaQualityLoopbackTest {
  private static final long RTX_SSRC = 0x33333333L;
  private static final int TWCC_ID = 14;
  private final List<String> connected = new CopyOnWriteArrayList<>();
  private final List<WebRtcTestClient> clients = new ArrayList<>();
  private MediaEngine engine;

  @BeforeEach
  void start() throws Exception {
    engine =
        MediaEngine.start(
            new MediaConfig(0, "127.0.0.1", List.of(), 2_500_000, 4_000, 5_000, 200, 1024, 1),
            new MediaListener() {
              @Override
              public void onPeerConnected(PeerInfo peer) {
                connected.add(peer.peerId());
              }
            });
  }

  @AfterEach
  void stop() {
    clients.forEach(WebRtcTestClient::close);
    engine.close();
  }

  /**
   * WebRtcTestClient's offer plus what Chrome offers: transport-cc on video, RTX (97, apt=96) and
   * its FID group.
   */
  private static String withTransportCcAndRtx(String offer, boolean publish) {
    String video = "a=rtpmap:96 VP8/90000\r\n";
    String s =
        offer
            .replace("m=video 9 UDP/TLS/RTP/SAVPF 96 102", "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102")
            .replace(
                video,
                video
                    + "a=rtcp-fb:96 transport-cc\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n")
            .replace(
                "a=mid:1\r\n",
                "a=mid:1\r\na=extmap:"
                    + TWCC_ID
                    + " http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n");
    if (publish) {
      s =
          s.replace(
              "a=ssrc:" + WebRtcTestClient.VIDEO_SSRC + " cname:test\r\n",
              "a=ssrc-group:FID "
                  + WebRtcTestClient.VIDEO_SSRC
                  + " "
                  + RTX_SSRC
                  + "\r\na=ssrc:"
                  + WebRtcTestClient.VIDEO_SSRC
                  + " cname:test\r\na=ssrc:"
                  + RTX_SSRC
                  + " cname:test\r\n");
    }
    return s;
  }

  /**
   * A VP8 packet as Chrome sends it: one-byte extension block with the transport-wide sequence
   * number.
   */
  private static byte[] video(int pt, long ssrc, int seq, int transportSeq, byte[] payload) {
    byte[] b = new byte[20 + payload.length];
    b[0] = (byte) 0x90;
    b[1] = (byte) pt;
    Rtp.writeUint16(b, 2, seq);
    Rtp.writeUint32(b, 4, 3000L * seq);
    Rtp.writeUint32(b, 8, ssrc);
    b[12] = (byte) 0xBE;
    b[13] = (byte) 0xDE;
    Rtp.writeUint16(b, 14, 1);
    b[16] = (byte) ((TWCC_ID << 4) | 1);
    Rtp.writeUint16(b, 17, transportSeq);
    System.arraycopy(payload, 0, b, 20, payload.length);
    return b;
  }

  @Test
  void uplinkLossIsNackedRtxIsFedBackAndPlayersGetRtxAndTransportSequenceNumbers()
      throws Exception {
    WebRtcTestClient publisher = connect(true, "q1");
    WebRtcTestClient player = connect(false, "q1");
    Random random = new Random(7);
    byte[][] payloads = new byte[12][];
    int transportSeq = 0;
    for (int seq = 0; seq < 12; seq++) {
      payloads[seq] = new byte[300];
      random.nextBytes(payloads[seq]);
      payloads[seq][0] = 0x10; // VP8 descriptor: start of partition
      if (seq != 5) { // lost on the uplink
        publisher.sendRtp(video(96, WebRtcTestClient.VIDEO_SSRC, seq, transportSeq, payloads[seq]));
      }
      transportSeq++;
    }

    // the node asks for 5, and tells the publisher what arrived (transport-cc)
    List<Integer> asked = new ArrayList<>();
    List<String> statuses = new ArrayList<>();
    await(
        () -> {
          byte[] compound = publisher.rtcp.poll();
          if (compound != null) {
            Rtcp.walk(
                compound,
                0,
                compound.length,
                (t, c, b, off, len) -> {
                  if (t == Rtcp.RTPFB
                      && c == Rtcp.FMT_NACK
                      && Rtcp.mediaSsrc(b, off) == WebRtcTestClient.VIDEO_SSRC) {
                    Rtcp.nackedSequences(b, off, len, asked::add);
                  } else if (t == Rtcp.RTPFB && c == TransportCcFeedback.FMT) {
                    TransportCcFeedback.parse(
                        b,
                        off,
                        len,
                        (seq, received, at) -> statuses.add(seq + (received ? "+" : "-")));
                  }
                });
          }
          return statuses.contains("11+") && !asked.isEmpty();
        },
        "NACK and transport feedback up to 11, got " + asked + " " + statuses);
    assertEquals(5, asked.get(0));
    assertTrue(
        asked.stream().allMatch(x -> x == 5),
        "only 5 is asked for (again after ~100 ms): " + asked);
    assertTrue(statuses.contains("5-"), "the lost one reported lost: " + statuses);
    assertTrue(statuses.contains("0+") && statuses.contains("4+"), statuses.toString());

    // the publisher retransmits 5 as RTX: the player gets the original packet
    byte[] osnAndPayload = new byte[302];
    Rtp.writeUint16(osnAndPayload, 0, 5);
    System.arraycopy(payloads[5], 0, osnAndPayload, 2, 300);
    publisher.sendRtp(video(97, RTX_SSRC, 900, transportSeq++, osnAndPayload));
    publisher.sendRtp(
        video(97, RTX_SSRC, 901, transportSeq++, osnAndPayload)); // a duplicate: dropped
    List<byte[]> got = new ArrayList<>();
    await(
        () -> {
          player.rtp.drainTo(got);
          return got.stream().anyMatch(p -> Rtp.sequence(p, 0) == 5);
        },
        "recovered packet 5 forwarded");
    byte[] five = got.stream().filter(p -> Rtp.sequence(p, 0) == 5).findFirst().orElseThrow();
    assertEquals(WebRtcTestClient.VIDEO_SSRC, Rtp.ssrc(five, 0));
    assertEquals(96, Rtp.payloadType(five, 0));
    assertArrayEquals(
        payloads[5], Arrays.copyOfRange(five, Rtp.headerLength(five, 0, five.length), five.length));
    await(
        () ->
            engine
                .quality("q1")
                .map(q -> q.rtxRecovered() == 1 && q.rtxDuplicates() == 1)
                .orElse(false),
        "counted: " + engine.quality("q1"));

    // the node stamped its own transport-wide numbers on what the player got: 0, 1, 2, ... in send
    // order
    long playerTwcc = Rtp.findExtension(five, 0, five.length, TWCC_ID);
    assertTrue(playerTwcc >= 0, "transport-cc element on the player's packets");

    // the player NACKs 3: answered as RTX (its own RTX payload type and source, OSN first)
    byte[] n = new byte[64];
    int end = Rtcp.nack(n, 0, 0x44444444L, WebRtcTestClient.VIDEO_SSRC, new int[] {3}, 1, 1);
    player.sendRtcp(n, end);
    await(
        () -> {
          player.rtp.drainTo(got);
          return got.stream().anyMatch(p -> Rtp.payloadType(p, 0) == 97);
        },
        "RTX to the player");
    byte[] rtx = got.stream().filter(p -> Rtp.payloadType(p, 0) == 97).findFirst().orElseThrow();
    assertEquals(RTX_SSRC, Rtp.ssrc(rtx, 0), "the RTX source of the player's answer");
    int h = Rtp.headerLength(rtx, 0, rtx.length);
    assertEquals(3, Rtp.sequence(rtx, h - 2), "original sequence number first in the payload");
    assertArrayEquals(payloads[3], Arrays.copyOfRange(rtx, h + 2, rtx.length));

    // the player's transport feedback feeds its estimator
    TransportCcFeedback fb = new TransportCcFeedback();
    long now = System.nanoTime() / 1000;
    int i = 0;
    for (byte[] p : got) {
      long e = Rtp.findExtension(p, 0, p.length, TWCC_ID);
      fb.received(Rtp.sequence(p, (int) (e >>> 8) - 2), now + 1000L * i++);
    }
    byte[] r = new byte[1500];
    int rrEnd = Rtcp.receiverReport(r, 0, 0x44444444L, List.of());
    end = fb.write(r, rrEnd, 0x44444444L, WebRtcTestClient.VIDEO_SSRC, 1200);
    player.sendRtcp(r, end);
    await(
        () ->
            engine
                .quality("q1")
                .map(
                    q ->
                        q.players().size() == 1
                            && q.players().get(0).retransmissions() == 1
                            && q.players().get(0).estimateBps() > 0
                            && q.nacksSent() >= 1
                            && q.feedbackSent() >= 1
                            && q.transportCc())
                .orElse(false),
        "quality stats " + engine.quality("q1"));
    assertFalse(engine.stats("q1").orElseThrow().playerFractionLost() > 0.5);
  }

  @Test
  void aPlayersLossNeverLowersThePublishersRemb() throws Exception {
    // a publisher without transport-cc: REMB is its estimate
    WebRtcTestClient publisher = new WebRtcTestClient();
    clients.add(publisher);
    MediaSession session = engine.publish("q3", publisher.offer(true, 111, 96, 1, 3));
    assertFalse(session.answerSdp().contains("transport-cc"));
    assertTrue(session.answerSdp().contains("goog-remb"));
    publisher.accept(session.answerSdp());
    await(
        () -> publisher.connected() && connected.contains(session.peerId()), "publisher connects");
    WebRtcTestClient player = connect(false, "q3");
    long until = System.currentTimeMillis() + 3_500;
    int seq = 0;
    double sawLoss = 0;
    while (System.currentTimeMillis() < until
        || sawLoss < 0.7 && System.currentTimeMillis() < until + 10_000) {
      sawLoss =
          Math.max(
              sawLoss,
              engine
                  .stats("q3")
                  .orElseThrow()
                  .playerFractionLost()); // the player reports 78 % loss of the video every 100 ms
      publisher.sendRtp(
          video(96, WebRtcTestClient.VIDEO_SSRC, seq, seq, new byte[] {0x10, 1, 2, 3}));
      seq++;
      byte[] rr = new byte[64];
      int end =
          Rtcp.receiverReport(
              rr,
              0,
              0x55555555L,
              List.of(new Rtcp.ReportBlock(WebRtcTestClient.VIDEO_SSRC, 200, seq, seq, 0, 0, 0)));
      player.sendRtcp(rr, end);
      Thread.sleep(100);
    }
    assertTrue(sawLoss > 0.7, "the node saw the player's loss: " + sawLoss);
    assertEquals(
        2_500_000, engine.stats("q3").orElseThrow().estimateBps(), "REMB untouched by the player");
  }

  @Test
  void withUplinkNackOffNothingIsAskedAndRtxIsIgnored() throws Exception {
    engine.close();
    engine =
        MediaEngine.start(
            new MediaConfig(
                0, "127.0.0.1", List.of(), 2_500_000, 4_000, 5_000, 200, 1024, 1, false),
            new MediaListener() {
              @Override
              public void onPeerConnected(PeerInfo peer) {
                connected.add(peer.peerId());
              }
            });
    WebRtcTestClient publisher = connect(true, "q2");
    for (int seq = 0; seq < 10; seq++) {
      if (seq != 4) {
        publisher.sendRtp(
            video(96, WebRtcTestClient.VIDEO_SSRC, seq, seq, new byte[] {0x10, 1, 2, 3}));
      }
    }
    await(
        () -> poll(publisher, Rtcp.RTPFB, TransportCcFeedback.FMT) != null,
        "transport-cc still sent");
    byte[] rtx = video(97, RTX_SSRC, 1, 10, new byte[] {0, 4, 0x10, 1, 2, 3});
    publisher.sendRtp(rtx);
    await(() -> engine.quality("q2").map(q -> q.rtxReceived() == 1).orElse(false), "rtx seen");
    assertEquals(0, engine.quality("q2").orElseThrow().nacksSent());
    assertEquals(0, engine.quality("q2").orElseThrow().rtxRecovered());
    assertTrue(
        SdpParser.parse(withTransportCcAndRtx(publisher.offer(true, 111, 96, 1, 3), true))
                .media()
                .get(1)
                .fidGroups()
                .size()
            == 1);
  }

  private WebRtcTestClient connect(boolean publish, String streamId) throws Exception {
    WebRtcTestClient client = new WebRtcTestClient();
    clients.add(client);
    String offer = withTransportCcAndRtx(client.offer(publish, 111, 96, 1, 3), publish);
    MediaSession session = publish ? engine.publish(streamId, offer) : engine.play(streamId, offer);
    client.accept(session.answerSdp());
    await(
        () -> {
          if (client.failure.get() != null) {
            fail("client failed", client.failure.get());
          }
          return client.connected() && connected.contains(session.peerId());
        },
        session.peerId() + " connects");
    return client;
  }

  private static byte[] poll(WebRtcTestClient client, int type, int fmt) {
    byte[] compound;
    while ((compound = client.rtcp.poll()) != null) {
      boolean[] hit = {false};
      Rtcp.walk(
          compound, 0, compound.length, (t, c, b, off, len) -> hit[0] |= t == type && c == fmt);
      if (hit[0]) {
        return compound;
      }
    }
    return null;
  }

  private static void await(BooleanSupplier condition, String what) {
    MediaEngineLoopbackTest.await(condition, what);
  }
}
