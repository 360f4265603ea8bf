package io.liveroom.media.engine;

import static io.liveroom.media.engine.MediaEngineLoopbackTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.media.rtp.Rtcp;
import io.liveroom.media.rtp.Rtp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Simulcast layers over the cascade's relay link are relayed on demand: an origin with a 3-layer
 * simulcast publisher (synthetic VP8 with rids, a key frame only at the start and on PLI) and an
 * edge whose players use some layers. The link carries only the layers the edge's players use
 * (counted per SSRC on the edge's receive side and in the origin's link stats); a player that
 * switches to a layer the edge does not receive gets it through a PLI that reaches the publisher; a
 * layer no player uses stops being relayed after the grace.
 */
class RelayLayersLoopbackTest {
  private static final long[] LAYER_SSRCS = {0x30000001L, 0x30000002L, 0x30000003L};
  private static final String[] RIDS = {"f", "h", "q"};
  private static final int RID_EXT = 10;

  private final List<WebRtcTestClient> clients = new ArrayList<>();
  private MediaEngine origin;
  private MediaEngine edge;
  private volatile boolean sending = true;
  private Thread sender;

  /** Which layers the publisher sends now. */
  private final AtomicBoolean[] layerOn = {
    new AtomicBoolean(true), new AtomicBoolean(true), new AtomicBoolean(true)
  };

  /** Key frames the publisher owes (a PLI for the layer arrived). */
  private final AtomicIntegerArray keyframeDue = new AtomicIntegerArray(3);

  /** PLIs the publisher got, per layer SSRC. */
  private final Map<Long, Integer> plis = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    origin = MediaEngine.start(MediaEngineLoopbackTest.CONFIG, null);
    edge = MediaEngine.start(MediaEngineLoopbackTest.CONFIG, null);
    origin.startRelays("127.0.0.1", 0);
    edge.startRelays("127.0.0.1", 0);
  }

  @AfterEach
  void stop() throws Exception {
    sending = false;
    if (sender != null) {
      sender.join(2_000);
    }
    clients.forEach(WebRtcTestClient::close);
    origin.close();
    edge.close();
  }

  private WebRtcTestClient client() throws Exception {
    WebRtcTestClient c = new WebRtcTestClient();
    clients.add(c);
    return c;
  }

  /** The test client's offer with its video as 3 simulcast layers named by rid, like Chrome's. */
  private static String simulcastOffer(WebRtcTestClient c) {
    String sdp = c.offer(true, 111, 96, 1, 3);
    sdp =
        sdp.replace(
            "a=ssrc:"
                + WebRtcTestClient.VIDEO_SSRC
                + " cname:test\r\na=ssrc:"
                + WebRtcTestClient.VIDEO_SSRC
                + " msid:s v\r\n",
            "");
    int video = sdp.indexOf("m=video");
    return sdp.substring(0, video)
        + sdp.substring(video)
            .replace(
                "a=mid:1\r\n",
                "a=mid:1\r\na=extmap:"
                    + RID_EXT
                    + " urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n")
        + "a=rid:f send\r\na=rid:h send\r\na=rid:q send\r\na=simulcast:send f;h;q\r\n";
  }

  private static String playOffer(WebRtcTestClient c, String layer) {
    return c.offer(false, 111, 96, 1, 3)
        .replace("t=0 0\r\n", "t=0 0\r\na=x-liveroom-video-layer:" + layer + "\r\n");
  }

  /**
   * Sends every 20 ms one VP8 packet per layer that is on (payload byte 2: the layer), a key frame
   * first and whenever a PLI for the layer arrived; records the PLIs.
   */
  private void startSending(WebRtcTestClient publisher) {
    for (int l = 0; l < 3; l++) {
      keyframeDue.set(l, 1);
    }
    sender =
        new Thread(
            () -> {
              int seq = 1000;
              long ts = 0;
              while (sending) {
                byte[] c;
                while ((c = publisher.rtcp.poll()) != null) {
                  Rtcp.walk(
                      c,
                      0,
                      c.length,
                      (t, count, b, off, len) -> {
                        if (t == Rtcp.PSFB && count == Rtcp.FMT_PLI) {
                          long ssrc = Rtcp.mediaSsrc(b, off);
                          plis.merge(ssrc, 1, Integer::sum);
                          for (int l = 0; l < 3; l++) {
                            if (LAYER_SSRCS[l] == ssrc) {
                              keyframeDue.set(l, 1);
                            }
                          }
                        }
                      });
                }
                seq++;
                ts += 1800;
                for (int l = 0; l < 3; l++) {
                  if (!layerOn[l].get()) {
                    continue;
                  }
                  boolean key = keyframeDue.getAndSet(l, 0) == 1;
                  byte[] payload = new byte[400];
                  payload[0] = 0x10; // VP8 descriptor: S bit, partition 0
                  payload[1] = (byte) (key ? 0x00 : 0x01); // P bit clear: a key frame
                  payload[2] = (byte) l;
                  try {
                    publisher.sendRtp(
                        WebRtcTestClient.rtpPacket(
                            96,
                            seq & 0xFFFF,
                            ts,
                            LAYER_SSRCS[l],
                            RID_EXT,
                            RIDS[l].charAt(0),
                            payload));
                  } catch (Exception e) {
                    return;
                  }
                }
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "test-simulcast-publisher");
    sender.setDaemon(true);
    sender.start();
  }

  /** The origin's measured bitrate of a layer of the video m-line (index 1). */
  private static long layerRate(QualityStats q, int layer) {
    List<Long> r = q.layerBitratesBps();
    return r.size() == 3 ? r.get(layer) : 0; // audio has no layers: the video's three
  }

  /** Packets of each layer's SSRC the edge's relayed stream received over the link. */
  private long[] edgeCounts() throws Exception {
    Stream s = edge.relays().lifecycle.streams.get("sim");
    if (s == null) {
      return new long[3];
    }
    CompletableFuture<long[]> f = new CompletableFuture<>();
    s.worker.execute(
        () -> {
          long[] c = new long[3];
          for (int l = 0; l < 3; l++) {
            SourceTrack t = s.tracks.get(LAYER_SSRCS[l]);
            c[l] = t == null ? 0 : t.stats.packetsReceived();
          }
          f.complete(c);
        });
    return f.get(5, TimeUnit.SECONDS);
  }

  /** The layers the origin's link to the edge relays now. */
  private Set<String> originLayers() {
    return origin.relays().stats().stream()
        .filter(RelayLinks.LinkStats::origin)
        .flatMap(s -> s.layers().stream())
        .collect(java.util.stream.Collectors.toSet());
  }

  /** Waits until {@code player} gets a packet of {@code layer} (payload byte 2). */
  private static void awaitLayer(WebRtcTestClient player, int layer, String what) {
    await(
        () -> {
          try {
            byte[] p = player.rtp.poll(50, TimeUnit.MILLISECONDS);
            return p != null
                && Rtp.payloadType(p, 0) == 96
                && p[Rtp.headerLength(p, 0, p.length) + 2] == layer;
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        },
        what);
  }

  /** Counts over a window in which the publisher sends every layer that is on. */
  private long[] growth(long windowMs) throws Exception {
    long[] before = edgeCounts();
    Thread.sleep(windowMs);
    long[] after = edgeCounts();
    long[] d = new long[3];
    for (int l = 0; l < 3; l++) {
      d[l] = after[l] - before[l];
    }
    return d;
  }

  @Test
  void onlyTheLayersEdgePlayersUseCrossTheLinkAndASwitchPullsItsLayerWithAPli() throws Exception {
    WebRtcTestClient publisher = client();
    MediaSession pub = origin.publish("sim", simulcastOffer(publisher));
    publisher.accept(pub.answerSdp());
    await(publisher::connected, "publisher connects to the origin");
    startSending(publisher);
    await(
        () ->
            origin
                .quality("sim")
                .map(q -> layerRate(q, 2) > 0 && layerRate(q, 0) > 0)
                .orElse(false),
        "the origin learned the layers by rid and measured them");
    RelayLinks.Request request = edge.relays().prepare("sim", "origin");
    RelayLinks.Opened opened =
        origin
            .relays()
            .open("sim", "edge", request, "127.0.0.1", edge.relays().address().getPort());
    edge.relays().complete("origin", request, opened);

    // player A (auto, a good link) gets the best layer, and only that layer crosses the link
    WebRtcTestClient a = client();
    MediaSession playA = edge.play("sim", playOffer(a, "auto"));
    a.accept(playA.answerSdp());
    await(a::connected, "player A connects to the edge");
    awaitLayer(a, 0, "player A gets layer 0 through the relay");
    await(() -> originLayers().equals(Set.of("sim/1/0")), "the origin relays layer 0 only");
    long[] d = growth(1_000);
    assertTrue(d[0] > 10, "layer 0 flows: " + Arrays.toString(d));
    assertEquals(0, d[1], "layer 1 is not relayed: " + Arrays.toString(d));
    assertEquals(0, d[2], "layer 2 is not relayed: " + Arrays.toString(d));

    // player B (low) needs layer 2, which the edge does not receive: asked for with a PLI
    plis.clear();
    WebRtcTestClient b = client();
    MediaSession playB = edge.play("sim", playOffer(b, "low"));
    b.accept(playB.answerSdp());
    await(b::connected, "player B connects to the edge");
    long bConnected = System.nanoTime();
    awaitLayer(b, 2, "player B gets layer 2 through the relay");
    System.out.printf(
        "RelayLayersLoopbackTest: B's layer 2 %d ms after B connected%n",
        (System.nanoTime() - bConnected) / 1_000_000);
    assertTrue(plis.containsKey(LAYER_SSRCS[2]), "a PLI for layer 2 reached the publisher");
    await(
        () -> originLayers().equals(Set.of("sim/1/0", "sim/1/2")),
        "the origin relays layers 0 and 2");
    d = growth(1_000);
    assertTrue(d[0] > 10 && d[2] > 10, "layers 0 and 2 flow: " + Arrays.toString(d));
    assertEquals(0, d[1], "layer 1 is not relayed: " + Arrays.toString(d));

    // the publisher pauses its top layer (as Chrome does on a poor uplink): A's auto choice moves
    // to layer 1, which the edge asks for (PLI at the publisher) and A switches to
    plis.clear();
    layerOn[0].set(false);
    long paused = System.nanoTime();
    awaitLayer(a, 1, "player A switches to layer 1 through the relay");
    System.out.printf(
        "RelayLayersLoopbackTest: A on layer 1 %d ms after the top layer paused%n",
        (System.nanoTime() - paused) / 1_000_000);
    assertTrue(plis.containsKey(LAYER_SSRCS[1]), "a PLI for layer 1 reached the publisher");
    long switched = System.nanoTime();
    await(
        () -> originLayers().equals(Set.of("sim/1/1", "sim/1/2")),
        "layer 0, unused, stops being relayed after the grace");
    long ms = (System.nanoTime() - switched) / 1_000_000;
    System.out.printf("RelayLayersLoopbackTest: layer 0 released %d ms after A's switch%n", ms);
    assertTrue(ms < EdgeLayers.GRACE_MS + 3_000, "layer 0 released after " + ms + " ms");

    // the publisher sends layer 0 again: no edge player uses it (A backs off), so it stays home
    layerOn[0].set(true);
    await(
        () -> origin.quality("sim").map(q -> layerRate(q, 0) > 0).orElse(false),
        "the origin receives layer 0 again");
    d = growth(1_000);
    assertEquals(0, d[0], "layer 0 is not relayed: " + Arrays.toString(d));
    assertTrue(d[1] > 10 && d[2] > 10, "layers 1 and 2 flow: " + Arrays.toString(d));

    // B leaves: after the grace layer 2 stops too
    edge.stop(playB.peerId());
    await(() -> originLayers().equals(Set.of("sim/1/1")), "layer 2 stops after B left");
    d = growth(1_000);
    assertEquals(0, d[2], "layer 2 is not relayed: " + Arrays.toString(d));
    assertTrue(d[1] > 10, "layer 1 flows: " + Arrays.toString(d));
    Set<String> edgeSide =
        Set.copyOf(
            edge.relays().stats().stream()
                .filter(s -> !s.origin())
                .flatMap(s -> s.layers().stream())
                .toList());
    assertEquals(Set.of("sim/1/1"), edgeSide, "the edge's link stats name what it asks for");
  }
}
