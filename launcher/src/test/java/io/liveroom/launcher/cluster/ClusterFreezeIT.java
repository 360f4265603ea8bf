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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A gateway JVM frozen with SIGSTOP for longer than the failure detection allows (Hazelcast's
 * deadline, the presence lease) is treated like a dead one: its member is evicted once (the lease
 * outlasts Hazelcast's merge delay, so the resumed gateway merges back before it could lapse
 * again). Resumed with SIGCONT, it rejoins the cluster and re-asserts its member, and from then on
 * every broadcast reaches each member exactly once; the room lists each member once.
 */
class ClusterFreezeIT {
  private static final int MAX_NO_HEARTBEAT_S = 4;
  private static final long LEASE_MS = 5_000;

  @RegisterExtension
  static final TestCluster CLUSTER =
      TestCluster.named("freeze")
          .common(TestCluster.quickPresence(LEASE_MS, 10).toArray(String[]::new))
          .common(
              "--set",
              "cluster.heartbeatIntervalSeconds=1",
              "--set",
              "cluster.maxNoHeartbeatSeconds=" + MAX_NO_HEARTBEAT_S,
              "--set",
              "cluster.mergeDelaySeconds=1")
          .node("fsvc", "room,presence,chat")
          .node("fgw1", "gateway")
          .node("fgw2", "gateway");

  private static final String ROOM = "freeze";
  private static final Duration WITHIN = Duration.ofSeconds(60);

  @Test
  void aFrozenGatewayIsEvictedOnceAndRejoinsWithoutDoubles() throws Exception {
    NodeProcess gw1 = CLUSTER.node("fgw1");
    NodeProcess gw2 = CLUSTER.node("fgw2");
    TestClient alice = TestClient.connect(CLUSTER.vertx(), gw1.httpPort);
    TestClient bob = TestClient.connect(CLUSTER.vertx(), gw2.httpPort);
    try {
      assertTrue(TestCluster.loginWhenServed(alice, ROOM, "alice", true).getBoolean("ok"));
      assertTrue(TestCluster.loginWhenServed(bob, ROOM, "bob", true).getBoolean("ok"));
      until("both listed", () -> users(gw2).size() == 2 ? true : null);

      long frozenAt = System.nanoTime();
      signal("STOP", gw1.pid());
      long evictedAt;
      try {
        until("alice evicted (bob sees her leave)", () -> deletes(bob, "alice") >= 1 ? true : null);
        evictedAt = System.nanoTime();
        until(
            "the services dropped the frozen member from Hazelcast",
            () ->
                CLUSTER.node("fsvc").output().contains("has not sent any heartbeats")
                    ? true
                    : null);
        // frozen past every deadline, then resumed
        NodeProcess.pause(Math.max(0, 2_000 - (System.nanoTime() - evictedAt) / 1_000_000));
      } finally {
        signal("CONT", gw1.pid());
      }
      System.out.printf(
          "ClusterFreezeIT: the frozen gateway's member was evicted %d ms after SIGSTOP;"
              + " resumed after %d ms%n",
          (evictedAt - frozenAt) / 1_000_000, (System.nanoTime() - frozenAt) / 1_000_000);

      until(
          "alice re-asserted and listed once",
          () -> usersList(gw2).equals(List.of("alice", "bob")) ? true : null);
      until(
          "the resumed gateway lists her too",
          () -> usersList(gw1).equals(List.of("alice", "bob")) ? true : null);
      // a lease lapsing again while the resumed gateway waits to merge back would evict her twice
      NodeProcess.pause(LEASE_MS + 2_000);
      assertEquals(
          List.of("alice", "bob"), usersList(gw2), "still listed once, after a lease time");
      for (NodeProcess node : CLUSTER.nodes()) {
        node.output()
            .lines()
            .filter(l -> l.contains("WARN") || l.contains("ERROR"))
            .limit(15)
            .forEach(l -> System.out.println("ClusterFreezeIT " + node + ": " + l));
      }
      assertEquals(
          1,
          deletes(bob, "alice"),
          () -> "alice was evicted exactly once; bob saw " + bob.pushes("roomUserUpdate"));

      assertEquals(
          1,
          bob.userUpdates("ADD", "alice"),
          () -> "bob saw alice join again once: " + bob.pushes("roomUserUpdate"));

      // every broadcast reaches each member exactly once, both ways
      String fromBob = "from bob after the freeze";
      String fromAlice = "from alice after the freeze";
      until("bob's broadcast at alice", () -> sendUntilReceived(bob, alice, fromBob));
      until("alice's broadcast at bob", () -> sendUntilReceived(alice, bob, fromAlice));
      NodeProcess.pause(2_000); // room for a duplicate to arrive
      assertEquals(1, mostDeliveries(alice, fromBob), "no duplicate push at alice");
      assertEquals(1, mostDeliveries(bob, fromAlice), "no duplicate push at bob");
      for (NodeProcess node : CLUSTER.nodes()) {
        assertEquals(null, node.awaitExit(Duration.ZERO), node + " still runs");
      }

    } finally {
      alice.close();
      bob.close();
    }
  }

  /**
   * Sends {@code text}#attempt until one attempt reaches {@code to} (an attempt sent before the
   * cluster healed may be lost, never doubled).
   */
  private static Boolean sendUntilReceived(TestClient from, TestClient to, String text) {
    for (int attempt = 0; attempt < 20; attempt++) {
      String t = text + "#" + attempt;
      JsonObject r =
          from.request(
              "sendBroadcastMessage", new JsonObject().put("roomID", ROOM).put("message", t));
      long deadline = System.nanoTime() + Duration.ofSeconds(r.getBoolean("ok") ? 3 : 0).toNanos();
      do {
        if (receivedPrefix(to, text) > 0) {
          return true;
        }
        NodeProcess.pause(50);
      } while (System.nanoTime() < deadline);
    }
    return null;
  }

  /** How many pushes carried a message starting with {@code text}. */
  private static int receivedPrefix(TestClient client, String text) {
    int n = 0;
    for (JsonObject p : client.pushes("IMRecvBroadcastMessage")) {
      JsonArray data = p.getJsonArray("chatData");
      for (int i = 0; i < data.size(); i++) {
        if (data.getJsonObject(i).getString("message").startsWith(text)) {
          n++;
        }
      }
    }
    return n;
  }

  /** The most pushes any one message starting with {@code text} got. */
  private static int mostDeliveries(TestClient client, String text) {
    java.util.Map<String, Integer> seen = new java.util.HashMap<>();
    for (JsonObject p : client.pushes("IMRecvBroadcastMessage")) {
      JsonArray data = p.getJsonArray("chatData");
      for (int i = 0; i < data.size(); i++) {
        String m = data.getJsonObject(i).getString("message");
        if (m.startsWith(text)) {
          seen.merge(m, 1, Integer::sum);
        }
      }
    }
    return seen.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  private static int deletes(TestClient client, String userId) {
    return client.userUpdates("DELETE", userId);
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
  }

  private static java.util.Set<String> users(NodeProcess gateway) {
    return new java.util.HashSet<>(usersList(gateway));
  }

  /** The room's members as listed by {@code gateway}'s admin API, sorted; empty while it fails. */
  private static List<String> usersList(NodeProcess gateway) {
    try {
      JsonArray users =
          Admin.get(gateway.httpPort, "/v1/rooms/" + ROOM + "/users").getJsonArray("users");
      List<String> out = new ArrayList<>();
      for (int i = 0; i < users.size(); i++) {
        out.add(users.getJsonObject(i).getString("userID"));
      }
      out.sort(null);
      return out;
    } catch (java.io.IOException | AssertionError | RuntimeException e) {
      return List.of();
    }
  }

  private static <T> T until(String what, Supplier<T> probe) {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      NodeProcess.pause(100);
    }
    throw new AssertionError("not within " + WITHIN.toSeconds() + " s: " + what);
  }
}
