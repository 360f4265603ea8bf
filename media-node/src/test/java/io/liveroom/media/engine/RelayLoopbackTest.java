package io.liveroom.media.engine;

import static io.liveroom.media.engine.MediaEngineLoopbackTest.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.media.rtp.Rtcp;
import io.liveroom.media.rtp.Rtp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cascade's relay link between two engines over 127.0.0.1 with real ICE/DTLS/SRTP clients: a
 * player on the edge receives the origin publisher's packets intact; a player's PLI on the edge
 * reaches the publisher on the origin; the publisher's SR gives the edge's player SRs; the edge's
 * relayed stream ends within seconds once it has no players (and the origin stops sending); a
 * stopped publisher ends the edge's players.
 */
class RelayLoopbackTest {
  private final List<WebRtcTestClient> clients = new ArrayList<>();
  private final List<String> edgeClosed = new CopyOnWriteArrayList<>();
  private MediaEngine origin;
  private MediaEngine edge;

  @BeforeEach
  void start() throws Exception {
    origin = MediaEngine.start(MediaEngineLoopbackTest.CONFIG, null);
    edge =
        MediaEngine.start(
            MediaEngineLoopbackTest.CONFIG,
            new MediaListener() {
              @Override
              public void onPeerClosed(PeerInfo peer, CloseReason reason) {
                edgeClosed.add(peer.peerId() + ":" + reason);
              }
            });
    origin.startRelays("127.0.0.1", 0);
    edge.startRelays("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    clients.forEach(WebRtcTestClient::close);
    origin.close();
    edge.close();
  }

  private WebRtcTestClient client() throws Exception {
    WebRtcTestClient c = new WebRtcTestClient();
    clients.add(c);
    return c;
  }

  private void attach(String streamId) {
    RelayLinks.Request request = edge.relays().prepare(streamId, "origin");
    RelayLinks.Opened opened =
        origin
            .relays()
            .open(streamId, "edge", request, "127.0.0.1", edge.relays().address().getPort());
    edge.relays().complete("origin", request, opened);
    assertNull(edge.relays().prepare(streamId, "origin"), "attached once");
  }

  @Test
  void anEdgePlayerGetsTheOriginPublishersPacketsAndItsPliGoesUpstream() throws Exception {
    WebRtcTestClient publisher = client();
    MediaSession pub = origin.publish("cam", publisher.offer(true, 111, 96, 1, 3));
    publisher.accept(pub.answerSdp());
    await(publisher::connected, "publisher connects to the origin");
    attach("cam");

    WebRtcTestClient player = client();
    MediaSession play = edge.play("cam", player.offer(false, 111, 96, 1, 3));
    player.accept(play.answerSdp());
    await(player::connected, "player connects to the edge");

    byte[] payload = new byte[500];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 7);
    }
    int[] seq = {100};
    byte[][] got = new byte[1][];
    await(
        () -> {
          try {
            publisher.sendRtp(
                WebRtcTestClient.rtpPacket(
                    96, seq[0]++, 9000L * seq[0], WebRtcTestClient.VIDEO_SSRC, 3, 1, payload));
            got[0] = player.rtp.poll(50, TimeUnit.MILLISECONDS);
            return got[0] != null && Rtp.payloadType(got[0], 0) == 96;
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        },
        "the origin's packet at the edge's player");
    byte[] v = got[0];
    assertEquals(WebRtcTestClient.VIDEO_SSRC, Rtp.ssrc(v, 0));
    assertArrayEquals(payload, Arrays.copyOfRange(v, Rtp.headerLength(v, 0, v.length), v.length));

    // the publisher's sender report reaches the edge, whose player gets its own SR (lip sync)
    byte[] sr = new byte[64];
    int srLen =
        Rtcp.senderReport(
            sr, 0, WebRtcTestClient.VIDEO_SSRC, Rtcp.ntp(System.currentTimeMillis()), 9000, 5, 500);
    publisher.sendRtcp(sr, srLen);
    boolean[] srSeen = {false};
    await(
        () -> {
          byte[] c = player.rtcp.poll();
          if (c != null) {
            Rtcp.walk(
                c,
                0,
                c.length,
                (t, count, b, off, len) ->
                    srSeen[0] |=
                        t == Rtcp.SR && Rtcp.senderSsrc(b, off) == WebRtcTestClient.VIDEO_SSRC);
          }
          return srSeen[0];
        },
        "an SR for the publisher's video at the edge's player");

    // a PLI from the edge's player reaches the publisher on the origin
    Thread.sleep(MediaEngineLoopbackTest.CONFIG.keyframeMinIntervalMs() + 50);
    publisher.rtcp.clear();
    byte[] pli = new byte[64];
    int n = Rtcp.receiverReport(pli, 0, 4242, List.of());
    n = Rtcp.pli(pli, n, 4242, WebRtcTestClient.VIDEO_SSRC);
    player.sendRtcp(pli, n);
    boolean[] seen = {false};
    await(
        () -> {
          byte[] c = publisher.rtcp.poll();
          if (c != null) {
            Rtcp.walk(
                c,
                0,
                c.length,
                (t, count, b, off, len) ->
                    seen[0] |=
                        t == Rtcp.PSFB
                            && count == Rtcp.FMT_PLI
                            && Rtcp.mediaSsrc(b, off) == WebRtcTestClient.VIDEO_SSRC);
          }
          return seen[0];
        },
        "the edge player's PLI at the origin's publisher");

    // the publisher stops: the edge's relayed stream and its player end
    origin.stop(pub.peerId());
    await(
        () -> edgeClosed.contains(play.peerId() + ":" + CloseReason.PUBLISHER_GONE),
        "the edge's player ends with the publisher");
    await(() -> edge.stats("cam").isEmpty(), "the relayed stream ends on the edge");
  }

  @Test
  void aRelayWithoutPlayersStopsWithinSeconds() throws Exception {
    WebRtcTestClient publisher = client();
    MediaSession pub = origin.publish("idle", publisher.offer(true, 111, 96, 1, 3));
    publisher.accept(pub.answerSdp());
    await(publisher::connected, "publisher connects");
    attach("idle");
    WebRtcTestClient player = client();
    MediaSession play = edge.play("idle", player.offer(false, 111, 96, 1, 3));
    player.accept(play.answerSdp());
    await(player::connected, "player connects");
    assertTrue(origin.relays().stats().stream().anyMatch(s -> s.origin() && s.streams() == 1));

    long stopped = System.nanoTime();
    edge.stop(play.peerId());
    await(() -> edge.stats("idle").isEmpty(), "the edge drops the relayed stream");
    await(
        () -> origin.relays().stats().stream().allMatch(s -> s.streams() == 0),
        "the origin stops relaying");
    long ms = (System.nanoTime() - stopped) / 1_000_000;
    assertTrue(ms < RelayLinks.IDLE_MS + 3_000, "relay stopped after " + ms + " ms");
    long sent = origin.relays().stats().get(0).packetsSent();
    publisher.sendRtp(
        WebRtcTestClient.rtpPacket(111, 1, 960, WebRtcTestClient.AUDIO_SSRC, 1, 1, new byte[20]));
    Thread.sleep(300);
    assertTrue(
        origin.relays().stats().get(0).packetsSent() <= sent + 1, // at most a BYE in flight
        "nothing relayed after the stop");
  }
}
