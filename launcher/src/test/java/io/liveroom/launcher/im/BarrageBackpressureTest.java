package io.liveroom.launcher.im;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.launcher.harness.NodeProcess;
import io.liveroom.launcher.harness.PrometheusText;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestNode;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A member that stops reading (its socket's send buffer fills) loses barrage, and only barrage: the
 * others get every batch without waiting for it, and a broadcast still reaches it.
 */
class BarrageBackpressureTest {
  private static final int MESSAGES = 700;
  private static final int MESSAGE_BYTES = 15_000;
  private static final int WINDOW = 40;

  @RegisterExtension
  static final TestNode NODE =
      new TestNode(
          Map.ofEntries(
              Map.entry("chat.maxMessageBytes", "16000"),
              Map.entry("chat.barrageTickMs", "20"),
              Map.entry("chat.barrageMaxBatch", "2"),
              Map.entry("chat.barrageUserPerSecond", "100000"),
              Map.entry("chat.barrageRoomBudgetPerSecond", "100000"),
              Map.entry("gateway.requestsPerSecond", "100000"),
              Map.entry("gateway.requestBurst", "100000")));

  private static Set<String> barrageReceived(TestClient c) {
    Set<String> out = new HashSet<>();
    for (JsonObject push : c.pushes("IMRecvBarrageMessage")) {
      push.getJsonArray("chatData")
          .forEach(d -> out.add(((JsonObject) d).getString("message").substring(0, 8)));
    }
    return out;
  }

  private static void awaitReceived(TestClient c, int count, long deadline) {
    while (barrageReceived(c).size() < count && System.nanoTime() < deadline) {
      NodeProcess.pause(2);
    }
  }

  @Test
  void aSlowMemberLosesBarrageWithoutDelayingOthersAndStillGetsBroadcast() throws Exception {
    PrometheusText before = PrometheusText.parse(PrometheusText.get(NODE.port(), null).body());
    TestClient slow =
        TestClient.connect(
            NODE.vertx(),
            NODE.port(),
            new WebSocketClientOptions()
                .setReceiveBufferSize(4096)
                .setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 20));
    try (TestClient sender = NODE.connect();
        TestClient fast = NODE.connect()) {
      assertTrue(slow.login("slow", "slowpoke", false).getBoolean("ok"));
      assertTrue(fast.login("slow", "quick", false).getBoolean("ok"));
      assertTrue(sender.login("slow", "talker", false).getBoolean("ok"));
      slow.pause();
      String padding = "p".repeat(MESSAGE_BYTES - 8);
      long started = System.nanoTime();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      for (int i = 0; i < MESSAGES; i++) { // ~10 MB to every member, pipelined
        // at most WINDOW messages ahead of the reading member: on a loaded machine the test's own
        // reader may lag, and the server rightly drops barrage for any member whose socket backs
        // up; the stalled member still falls ~10 MB behind
        if (i % 10 == 0) {
          awaitReceived(fast, i - WINDOW, deadline);
        }
        sender.sendRawNoReply(
            new JsonObject()
                .put("id", "m" + i)
                .put("type", "sendBarrageMessage")
                .put("roomID", "slow")
                .put("message", String.format("%08d", i) + padding)
                .encode());
      }
      awaitReceived(fast, MESSAGES, deadline);
      long fastMs = (System.nanoTime() - started) / 1_000_000;
      assertEquals(MESSAGES, barrageReceived(fast).size(), "the reading member gets every message");
      System.out.printf(
          "barrage backpressure: %d x %d B reached the reading member in %d ms while one member "
              + "was stalled%n",
          MESSAGES, MESSAGE_BYTES, fastMs);

      JsonObject sent =
          sender.request(
              "sendBroadcastMessage",
              new JsonObject().put("roomID", "slow").put("message", "after the flood"));
      assertTrue(sent.getBoolean("ok"), sent::encode);
      slow.resume();
      JsonObject broadcast = slow.awaitEvent("IMRecvBroadcastMessage", "slow");
      assertEquals(
          sent.getLong("messageID"),
          broadcast.getJsonArray("chatData").getJsonObject(0).getLong("messageID"));
      int slowGot = barrageReceived(slow).size();
      System.out.printf(
          "barrage backpressure: the stalled member got %d of %d (the rest dropped for it)%n",
          slowGot, MESSAGES);
      assertTrue(
          slowGot < MESSAGES,
          "the stalled member's barrage was dropped, not queued: got " + slowGot);
      // /metrics counts exactly that: each message dropped once for the slow member, delivered to
      // the others
      PrometheusText after = PrometheusText.parse(PrometheusText.get(NODE.port(), null).body());
      Map<String, String> barrage = Map.of("kind", "barrage");
      assertEquals(
          MESSAGES - slowGot,
          after.sum("liveroom_messages_dropped_total", barrage)
              - before.sum("liveroom_messages_dropped_total", barrage));
      assertEquals(
          2 * MESSAGES + slowGot,
          after.sum("liveroom_messages_delivered_total", barrage)
              - before.sum("liveroom_messages_delivered_total", barrage));
      assertEquals(
          sent.getLong("messageID"),
          fast.awaitEvent("IMRecvBroadcastMessage", "slow")
              .getJsonArray("chatData")
              .getJsonObject(0)
              .getLong("messageID"));
    } finally {
      slow.close();
    }
  }
}
