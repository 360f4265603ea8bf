package io.liveroom.launcher.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.NodeProcess;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store loses its state under a running 3-JVM cluster (room/presence/chat on one, a gateway on
 * each of the two others) and the system returns to a consistent state by itself: a real
 * redis-server is killed and restarted empty, then from an older snapshot, then killed while a
 * member leaves. Members who joined before keep broadcasting, stay listed with their streams, and
 * their later departures reach the room; broadcast messageIDs keep increasing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoreLossIT {
  private static final String GATEWAY_1 = "lgw1";
  private static final String GATEWAY_2 = "lgw2";

  @RegisterExtension
  static final TestCluster CLUSTER =
      TestCluster.named("loss")
          .common(TestCluster.quickPresence(3000, 10).toArray(String[]::new))
          .common("--set", "store.epochCheckMs=200")
          .node("lsvc", "room,presence,chat")
          .node("lgw1", "gateway")
          .node("lgw2", "gateway");

  private static final String ROOM = "loss";
  private static final Duration RECOVERY = Duration.ofSeconds(30);
  private static NodeProcess gateway1;
  private static NodeProcess gateway2;
  private static TestClient alice;
  private static TestClient amy;
  private static TestClient bob;
  private static long lastMessageId;

  @BeforeAll
  static void startCluster() {
    gateway1 = CLUSTER.node(GATEWAY_1);
    gateway2 = CLUSTER.node(GATEWAY_2);
    alice = TestClient.connect(CLUSTER.vertx(), gateway1.httpPort);
    amy = TestClient.connect(CLUSTER.vertx(), gateway1.httpPort);
    bob = TestClient.connect(CLUSTER.vertx(), gateway2.httpPort);
    assertTrue(TestCluster.loginWhenServed(alice, ROOM, "alice", true).getBoolean("ok"));
    assertTrue(TestCluster.loginWhenServed(amy, ROOM, "amy", true).getBoolean("ok"));
    assertTrue(TestCluster.loginWhenServed(bob, ROOM, "bob", true).getBoolean("ok"));
    JsonObject published =
        alice.request(
            "startPublishingStream",
            new JsonObject()
                .put("roomID", ROOM)
                .put("streamID", "alice-cam")
                .put("extraInfo", "{\"camera\":\"front\"}"));
    assertTrue(published.getBoolean("ok"), published.encode());
    JsonObject topic =
        bob.request(
            "setRoomExtraInfo",
            new JsonObject()
                .put("roomID", ROOM)
                .put("key", "topic")
                .put("value", "Zoë's 🎤 night"));
    assertTrue(topic.getBoolean("ok"), topic.encode());
    alice.awaitPush(p -> "roomExtraInfoUpdate".equals(p.getString("event")), "the topic at alice");
    for (int i = 0; i < 3; i++) {
      lastMessageId = broadcast(alice, "before " + i).getLong("messageID");
    }
  }

  @AfterAll
  static void stopCluster() {
    for (TestClient c : new TestClient[] {alice, amy, bob}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  @Order(1)
  void afterAnEmptyRestartEarlierMembersBroadcastAndAreListedAgain() {
    CLUSTER.redis().restart(false);
    long back = System.nanoTime();
    JsonObject sent =
        until(
            "alice broadcasts again",
            () -> {
              JsonObject r = broadcast(alice, "after the restart");
              return r.getBoolean("ok") ? r : null;
            });
    long ms = (System.nanoTime() - back) / 1_000_000;
    System.out.println(
        "StoreLossIT: a pre-outage member could broadcast again "
            + ms
            + " ms after Redis was back");
    long id = sent.getLong("messageID");
    assertTrue(
        id > lastMessageId,
        "messageIDs keep increasing across the loss: " + id + " after " + lastMessageId);
    JsonObject pushed =
        bob.awaitPush(
            p ->
                "IMRecvBroadcastMessage".equals(p.getString("event"))
                    && p.getJsonArray("chatData").getJsonObject(0).getLong("messageID") == id,
            "the broadcast at bob");
    assertEquals(
        "after the restart", pushed.getJsonArray("chatData").getJsonObject(0).getString("message"));
    lastMessageId = id;

    until(
        "every member listed again",
        () -> users(gateway2).equals(Set.of("alice", "amy", "bob")) ? true : null);
    JsonObject history =
        bob.request("getMessages", new JsonObject().put("roomID", ROOM).put("afterSeq", 0));
    assertTrue(history.getBoolean("ok"), history.encode());
    assertEquals(
        id, history.getLong("firstSeq"), "the history tells a restarted sequence from a gap");

    TestClient carol = TestClient.connect(CLUSTER.vertx(), gateway2.httpPort);
    try {
      JsonObject login = carol.login(ROOM, "carol", true);
      assertTrue(login.getBoolean("ok"), login.encode());
      JsonArray streams = login.getJsonArray("streamList");
      assertEquals(1, streams.size(), "alice's stream is restored: " + streams);
      assertEquals("alice-cam", streams.getJsonObject(0).getString("streamID"));
      assertEquals("{\"camera\":\"front\"}", streams.getJsonObject(0).getString("extraInfo"));
      assertEquals(Set.of("alice", "amy", "bob"), ids(login.getJsonArray("userList")));
      JsonArray extra = login.getJsonArray("roomExtraInfoList");
      assertEquals(1, extra.size(), "the room's extra info is restored: " + extra);
      assertEquals("Zoë's 🎤 night", extra.getJsonObject(0).getString("value"));
    } finally {
      carol.close();
    }
    until("carol's departure seen by bob", () -> deleted(bob, "carol") ? true : null);

    assertTrue(amy.request("logoutRoom", new JsonObject().put("roomID", ROOM)).getBoolean("ok"));
    until("amy's logout seen by bob", () -> deleted(bob, "amy") ? true : null);
  }

  @Test
  @Order(2)
  void anOlderSnapshotsMembersAreRemovedAndItsMissingOnesPutBack() {
    TestClient dave = TestClient.connect(CLUSTER.vertx(), gateway1.httpPort);
    assertTrue(dave.login(ROOM, "dave", true).getBoolean("ok"));
    until("dave listed", () -> users(gateway2).contains("dave") ? true : null);
    NodeProcess.pause(
        1_500); // dave joined well before the snapshot (younger memberships are never purged)
    assertEquals("OK", CLUSTER.redis().server().command("SAVE")); // the snapshot: alice, bob, dave
    dave.close(); // dave leaves after it
    until("dave's departure seen by bob", () -> deleted(bob, "dave") ? true : null);
    TestClient erin = TestClient.connect(CLUSTER.vertx(), gateway2.httpPort);
    try {
      assertTrue(erin.login(ROOM, "erin", true).getBoolean("ok")); // erin joins after it
      CLUSTER.redis().restart(true);
      until(
          "the live membership again (no dave, erin back)",
          () -> users(gateway1).equals(Set.of("alice", "bob", "erin")) ? true : null);
      JsonObject sent =
          until(
              "erin broadcasts",
              () -> {
                JsonObject r = broadcast(erin, "after the snapshot");
                return r.getBoolean("ok") ? r : null;
              });
      assertTrue(
          sent.getLong("messageID") > lastMessageId, "no messageID goes back with the snapshot");
      lastMessageId = sent.getLong("messageID");
    } finally {
      erin.close();
    }
    until("erin's departure seen by bob", () -> deleted(bob, "erin") ? true : null);
  }

  @Test
  @Order(3)
  void aMemberWhoLeavesWhileTheStoreIsDownIsSeenLeaving() {
    CLUSTER.redis().crash();
    JsonObject logout = alice.request("logoutRoom", new JsonObject().put("roomID", ROOM));
    assertTrue(
        logout.getBoolean("ok"),
        "the gateway takes the departure and owes the room its DELETE: " + logout);
    NodeProcess.pause(1_000);
    CLUSTER.redis().restart(false);
    until("alice's departure seen by bob", () -> deleted(bob, "alice") ? true : null);
    until("only bob left", () -> users(gateway1).equals(Set.of("bob")) ? true : null);
    JsonObject login = alice.login(ROOM, "alice", true);
    assertTrue(login.getBoolean("ok"), login.encode());
    assertEquals(Set.of("bob"), ids(login.getJsonArray("userList")));
    assertEquals(0, login.getJsonArray("streamList").size(), "alice's stream left with her");
  }

  private static JsonObject broadcast(TestClient client, String text) {
    return client.request(
        "sendBroadcastMessage", new JsonObject().put("roomID", ROOM).put("message", text));
  }

  /** The room's members as the admin API of {@code gateway} lists them; empty while it fails. */
  private static Set<String> users(NodeProcess gateway) {
    try {
      return ids(Admin.get(gateway.httpPort, "/v1/rooms/" + ROOM + "/users").getJsonArray("users"));
    } catch (java.io.IOException | AssertionError e) {
      return Set.of();
    }
  }

  private static boolean deleted(TestClient client, String userId) {
    return client.pushes("roomUserUpdate").stream()
        .anyMatch(
            p ->
                "DELETE".equals(p.getString("updateType"))
                    && ids(p.getJsonArray("userList")).contains(userId));
  }

  private static Set<String> ids(JsonArray users) {
    Set<String> out = new HashSet<>();
    for (int i = 0; i < users.size(); i++) {
      out.add(users.getJsonObject(i).getString("userID"));
    }
    return out;
  }

  private static <T> T until(String what, Supplier<T> probe) {
    long deadline = System.nanoTime() + RECOVERY.toNanos();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      NodeProcess.pause(100);
    }
    throw new AssertionError("not within " + RECOVERY.toSeconds() + " s: " + what);
  }
}
