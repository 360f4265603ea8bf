package io.liveroom.launcher.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.PrometheusText;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestNode;
import io.liveroom.launcher.harness.TestNodes;
import io.liveroom.launcher.harness.TestTokens;
import io.liveroom.media.engine.MediaTestPeer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /metrics} of a real in-process node, scraped before and after real actions (logins, a
 * barrage burst partly throttled, a publish and a play with the Java WebRTC client) and parsed with
 * {@link PrometheusText}: the deltas are exact. Also: no label carries a room or stream id, the
 * optional bearer token, a node without the gateway serves /metrics on its health port, and {@code
 * metrics.enabled=false} serves none.
 */
class MetricsTest {
  private static final String ROOM = "metrics-room";
  private static final String STREAM = "metrics-cam";
  private static RunningNode node;
  private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

  @RegisterExtension
  static final TestNode NODE =
      new TestNode(Map.of("chat.barrageUserPerSecond", "5", "presence.pushIntervalMs", "200"));

  @BeforeAll
  static void start() throws Exception {
    // 5 barrage messages per user per second: a burst of 20 is partly throttled
    node = NODE.node();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private static PrometheusText scrape() throws Exception {
    HttpResponse<String> r = PrometheusText.get(node.httpPort(), null);
    assertEquals(200, r.statusCode(), r::body);
    assertTrue(
        r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
    return PrometheusText.parse(r.body());
  }

  /**
   * Scrapes until {@code done} holds (deadline 15 s); returns that scrape or fails with the last
   * one's figures.
   */
  private static PrometheusText scrapeUntil(Predicate<PrometheusText> done, String what)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    PrometheusText last = scrape();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
      last = scrape();
    }
    return last;
  }

  private TestClient client() {
    TestClient c = TestClient.connect(NODE.vertx(), node.httpPort());
    closing.add(c);
    return c;
  }

  private static double delta(
      PrometheusText after, PrometheusText before, String name, Map<String, String> labels) {
    return after.sum(name, labels) - before.sum(name, labels);
  }

  @Test
  void loginsMessagesAndMediaMoveTheirMetersByExactlyWhatHappened() throws Exception {
    PrometheusText before = scrape();
    assertEquals("counter", before.type("liveroom_messages_received_total"));
    assertEquals("histogram", before.type("liveroom_bus_request_seconds"));

    // logins: three in, one refused (a token for another room)
    TestClient a = client();
    TestClient b = client();
    TestClient c = client();
    TestClient refused = client();
    for (TestClient member : List.of(a, b, c)) {
      assertTrue(
          member.login(ROOM, "user-" + System.identityHashCode(member), true).getBoolean("ok"));
    }
    JsonObject no =
        refused.request(
            "loginRoom",
            new JsonObject()
                .put("roomID", ROOM)
                .put("token", TestTokens.token("intruder", "another-room", true))
                .put("user", new JsonObject().put("userID", "intruder")));
    assertFalse(no.getBoolean("ok"), no::encode);
    String refusedCode = no.getJsonObject("error").getString("name");

    // a barrage burst: 20 from a, some throttled by chat.barrageUserPerSecond
    int burst = 20;
    int throttled = 0;
    for (int i = 0; i < burst; i++) {
      JsonObject r =
          a.request(
              "sendBarrageMessage", new JsonObject().put("roomID", ROOM).put("message", "m" + i));
      if (!r.getBoolean("ok")) {
        assertEquals(
            "BARRAGE_USER_RATE_LIMITED", r.getJsonObject("error").getString("name"), r::encode);
        throttled++;
      }
    }
    assertTrue(throttled > 0 && throttled < burst, "throttled " + throttled);
    int accepted = burst - throttled;
    for (TestClient member : List.of(a, b, c)) { // every member gets every accepted message once
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (barrageReceived(member) < accepted && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(accepted, barrageReceived(member));
    }

    PrometheusText after =
        scrapeUntil(s -> s.sum("liveroom_online_users") == 3, "presence to count 3 users");
    Map<String, String> barrage = Map.of("kind", "barrage");
    assertEquals(3, delta(after, before, "liveroom_logins_total", Map.of("result", "OK")));
    assertEquals(1, delta(after, before, "liveroom_logins_total", Map.of("result", refusedCode)));
    assertEquals(4, delta(after, before, "liveroom_sessions", Map.of()));
    assertEquals(1, after.sum("liveroom_rooms"));
    assertEquals(3, after.sum("liveroom_room_members"));
    assertEquals(burst, delta(after, before, "liveroom_messages_received_total", barrage));
    assertEquals(throttled, delta(after, before, "liveroom_messages_throttled_total", barrage));
    assertEquals(accepted, delta(after, before, "liveroom_chat_accepted_total", barrage));
    assertEquals(
        3.0 * accepted, delta(after, before, "liveroom_messages_delivered_total", barrage));
    assertEquals(0, delta(after, before, "liveroom_messages_dropped_total", barrage));
    double frames = delta(after, before, "liveroom_barrage_messages_per_frame_count", Map.of());
    assertTrue(frames >= 1 && frames <= accepted, "frames " + frames);
    assertEquals(
        accepted, delta(after, before, "liveroom_barrage_messages_per_frame_sum", Map.of()));
    assertEquals(3 * frames, delta(after, before, "liveroom_fanout_frames_total", barrage));
    assertEquals(
        3,
        delta(
            after,
            before,
            "liveroom_bus_request_seconds_count",
            Map.of("address", "room.member.login")));
    assertEquals(
        burst,
        delta(
            after,
            before,
            "liveroom_bus_request_seconds_count",
            Map.of("address", "chat.barrage.send")));
    assertEquals(0, after.sum("liveroom_bus_timeouts_total"));
    assertTrue(after.sum("liveroom_presence_reports_total") > 0);
    assertTrue(after.sum("liveroom_presence_reports_received_total") > 0);

    media(a, b, after);
  }

  private static int barrageReceived(TestClient member) {
    return member.pushes("IMRecvBarrageMessage").stream()
        .mapToInt(p -> p.getJsonArray("chatData").size())
        .sum();
  }

  /** a publishes, b plays; then exactly 25 packets through the node after the counters settled. */
  private void media(TestClient a, TestClient b, PrometheusText before) throws Exception {
    MediaTestPeer pub = MediaTestPeer.create();
    closing.add(pub);
    MediaTestPeer play = MediaTestPeer.create();
    closing.add(play);
    ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
    closing.add(sender::shutdownNow);
    JsonObject published =
        a.request(
            "startPublishingStream",
            new JsonObject()
                .put("roomID", ROOM)
                .put("streamID", STREAM)
                .put("sdp", pub.publishOffer()));
    assertTrue(published.getBoolean("ok"), published::encode);
    pub.accept(published.getString("sdp"));
    var sending =
        sender.scheduleAtFixedRate(
            () -> { // as an encoder would, once connected; an exception would end it
              if (pub.connected()) {
                try {
                  pub.sendAudio();
                } catch (IOException | RuntimeException e) {
                  // the node is going away
                }
              }
            },
            20,
            20,
            TimeUnit.MILLISECONDS);
    a.awaitPush(
        p ->
            "publisherStateUpdate".equals(p.getString("event"))
                && "PUBLISHING".equals(p.getString("state")),
        "PUBLISHING");
    b.awaitPush(
        p ->
            "roomStreamUpdate".equals(p.getString("event"))
                && "ADD".equals(p.getString("updateType")),
        "ADD");
    JsonObject played =
        b.request(
            "startPlayingStream",
            new JsonObject().put("streamID", STREAM).put("sdp", play.playOffer()));
    assertTrue(played.getBoolean("ok"), played::encode);
    play.accept(played.getString("sdp"));
    assertTrue(play.receivedWithin(10_000), () -> "no media reached the player: " + play.failure());
    sending.cancel(false);
    sender.submit(() -> {}).get(5, TimeUnit.SECONDS); // no send in flight

    PrometheusText settled = settledMedia();
    assertEquals(2, delta(settled, before, "liveroom_media_peers", Map.of()));
    assertEquals(1, delta(settled, before, "liveroom_media_streams", Map.of()));
    assertEquals(1, delta(settled, before, "liveroom_media_players", Map.of()));
    assertTrue(
        settled.sum("liveroom_media_bytes_in_total") > before.sum("liveroom_media_bytes_in_total"));
    int packets = 25;
    for (int i = 0; i < packets; i++) {
      send(pub);
    }
    double in = settled.sum("liveroom_media_packets_in_total");
    double out = settled.sum("liveroom_media_packets_out_total");
    PrometheusText after =
        scrapeUntil(
            s ->
                s.sum("liveroom_media_packets_in_total") >= in + packets
                    && s.sum("liveroom_media_packets_out_total") >= out + packets,
            "25 more packets in and out");
    assertEquals(packets, delta(after, settled, "liveroom_media_packets_in_total", Map.of()));
    assertEquals(packets, delta(after, settled, "liveroom_media_packets_out_total", Map.of()));
    assertTrue(delta(after, settled, "liveroom_media_bytes_out_total", Map.of()) > 0);
    assertEquals(0, after.sum("liveroom_media_forwarding_drops_total"));
    assertTrue(after.sum("liveroom_media_capacity_used_ratio", Map.of("resource", "streams")) > 0);

    // bounded labels: no room, stream or user id in any label; the room's event address is folded
    for (PrometheusText.Sample s : after.samples()) {
      for (String value : s.labels().values()) {
        assertFalse(
            value.contains(ROOM) || value.contains(STREAM) || value.contains("user-"), s::toString);
      }
    }
    assertTrue(
        after.sum("vertx_eventbus_handlers", Map.of("address", "room.event.published.*")) >= 1);
    assertTrue(after.has("vertx_http_server_requests_total", Map.of()));
  }

  private static void send(MediaTestPeer peer) {
    try {
      peer.sendAudio();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The media counters once nothing is sent: the streams' stats are refreshed about once a second,
   * so the figures are taken when two scrapes 1.5 s apart agree.
   */
  private static PrometheusText settledMedia() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    PrometheusText previous = scrape();
    while (System.nanoTime() < deadline) {
      Thread.sleep(1_500);
      PrometheusText now = scrape();
      if (now.sum("liveroom_media_packets_in_total")
              == previous.sum("liveroom_media_packets_in_total")
          && now.sum("liveroom_media_packets_out_total")
              == previous.sum("liveroom_media_packets_out_total")) {
        return now;
      }
      previous = now;
    }
    throw new AssertionError("media counters did not settle");
  }

  @Test
  void aNodeWithoutTheGatewayServesMetricsOnItsHealthPortBehindTheToken() throws Exception {
    String token = "scrape-token-0123456789";
    RunningNode services =
        TestNodes.start(Map.of("node.roles", "room,presence,chat", "metrics.token", token));
    try {
      assertEquals(401, PrometheusText.get(services.httpPort(), null).statusCode());
      assertEquals(
          401, PrometheusText.get(services.httpPort(), "wrong-token-0123456789").statusCode());
      HttpResponse<String> ok = PrometheusText.get(services.httpPort(), token);
      assertEquals(200, ok.statusCode());
      PrometheusText text = PrometheusText.parse(ok.body());
      assertTrue(text.has("liveroom_presence_reports_received_total", Map.of()));
      assertTrue(text.has("liveroom_chat_accepted_total", Map.of("kind", "broadcast")));
      assertFalse(text.has("liveroom_sessions", Map.of()), "no gateway here");
    } finally {
      services.stop().await(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void disabledMetricsServeNothing() throws Exception {
    RunningNode off = TestNodes.start(Map.of("metrics.enabled", "false"));
    try {
      assertEquals(404, PrometheusText.get(off.httpPort(), null).statusCode());
    } finally {
      off.stop().await(20, TimeUnit.SECONDS);
    }
  }
}
