package io.liveroom.launcher.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.testing.RedisProcess;
import io.liveroom.infra.testing.RedisSentinelExtension;
import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.NodeProcess;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 3-JVM cluster in {@code store.mode=sentinel} (1 master, 1 replica, 3 sentinels, all real
 * processes) under traffic, and kill -9 of the Redis master: the nodes follow the promoted replica
 * within seconds without restarting, the failover counts as a store loss so the gateways re-assert
 * their live state, and a membership the replica never received (written on the master only) is
 * back. Prints how long broadcasts failed (docs/deploy.md).
 */
class SentinelFailoverIT {
  @RegisterExtension
  @Order(1)
  static final RedisSentinelExtension SENTINEL = new RedisSentinelExtension();

  @RegisterExtension
  @Order(2)
  static final TestCluster CLUSTER =
      TestCluster.named("sentinel")
          .common(TestCluster.quickPresence(3000, 10).toArray(String[]::new))
          .common("--set", "store.epochCheckMs=200")
          .common(SENTINEL.nodeArgs().toArray(String[]::new))
          .node("ssvc", "room,presence,chat")
          .node("sgw1", "gateway")
          .node("sgw2", "gateway");

  private static final String ROOM = "failover";
  private static final Duration RECOVERY = Duration.ofSeconds(30);

  @Test
  void theNodesFollowThePromotedReplicaAndReassertWhatItLacked() throws Exception {
    NodeProcess gw1 = CLUSTER.node("sgw1");
    NodeProcess gw2 = CLUSTER.node("sgw2");
    TestClient alice = TestClient.connect(CLUSTER.vertx(), gw1.httpPort);
    TestClient bob = TestClient.connect(CLUSTER.vertx(), gw2.httpPort);
    TestClient dave = TestClient.connect(CLUSTER.vertx(), gw2.httpPort);
    try {
      assertTrue(TestCluster.loginWhenServed(alice, ROOM, "alice", true).getBoolean("ok"));
      assertTrue(TestCluster.loginWhenServed(bob, ROOM, "bob", true).getBoolean("ok"));
      assertTrue(TestCluster.loginWhenServed(dave, ROOM, "dave", true).getBoolean("ok"));
      until("three members listed", () -> users(gw1).size() == 3 ? true : null);
      assertEquals(
          "1",
          SENTINEL.master().server().command("HEXISTS", membersKey(), "dave"),
          "the nodes write to the master the sentinels name");

      // what the replica never received: dave's membership exists on the master only
      RedisProcess replica = SENTINEL.replica();
      replica.server().command("CONFIG", "SET", "replica-read-only", "no");
      assertEquals("1", replica.server().command("HDEL", membersKey(), "dave"));

      // traffic: alice broadcasts back to back, each result timed
      List<long[]> results = new ArrayList<>(); // {nanoTime, ok 1/0}
      AtomicBoolean stop = new AtomicBoolean();
      Thread traffic =
          new Thread(
              () -> {
                int n = 0;
                while (!stop.get()) {
                  JsonObject r = broadcast(alice, "m" + n++);
                  synchronized (results) {
                    results.add(new long[] {System.nanoTime(), r.getBoolean("ok") ? 1 : 0});
                  }
                  NodeProcess.pause(20);
                }
              },
              "broadcasts");
      traffic.start();
      until("broadcasts flowing", () -> okCount(results) >= 10 ? true : null);

      long killedAt = System.nanoTime();
      RedisProcess old = SENTINEL.killMaster();
      Duration promoted = SENTINEL.awaitFailover(old, killedAt, RECOVERY);
      until(
          "broadcasts succeed again",
          () -> lastOk(results) > killedAt && okCount(results, killedAt) >= 10 ? true : null);
      stop.set(true);
      traffic.join(15_000);
      long lastFail = 0;
      int failed = 0;
      synchronized (results) {
        for (long[] r : results) {
          if (r[0] < killedAt) {
            continue;
          }
          if (r[1] == 0) {
            failed++;
            lastFail = Math.max(lastFail, r[0]);
          }
        }
      }
      System.out.printf(
          "SentinelFailoverIT: sentinels promoted the replica %d ms after kill -9 of the master;"
              + " %d broadcasts failed, the last %d ms after the kill%n",
          promoted.toMillis(), failed, failed == 0 ? 0 : (lastFail - killedAt) / 1_000_000);

      until(
          "dave re-asserted by his gateway on the new master",
          () ->
              "1".equals(SENTINEL.master().server().command("HEXISTS", membersKey(), "dave"))
                  ? true
                  : null);
      until(
          "every member listed again",
          () -> users(gw1).equals(Set.of("alice", "bob", "dave")) ? true : null);
      TestClient carol = TestClient.connect(CLUSTER.vertx(), gw1.httpPort);
      try {
        JsonObject login = carol.login(ROOM, "carol", true);
        assertTrue(login.getBoolean("ok"), login.encode());
        assertEquals(Set.of("alice", "bob", "dave"), ids(login.getJsonArray("userList")));
      } finally {
        carol.close();
      }
      for (NodeProcess node : CLUSTER.nodes()) {
        assertNull(node.awaitExit(Duration.ZERO), node + " still runs (no crash, no restart)");
        assertTrue(
            node.output().contains("the store lost its state"),
            "the failover counted as a store loss on " + node);
      }
    } finally {
      alice.close();
      bob.close();
      dave.close();
    }
  }

  private static String membersKey() {
    return "liveroom:{room:" + ROOM + "}:members";
  }

  private static int okCount(List<long[]> results) {
    return okCount(results, 0);
  }

  private static int okCount(List<long[]> results, long after) {
    synchronized (results) {
      return (int) results.stream().filter(r -> r[1] == 1 && r[0] > after).count();
    }
  }

  private static long lastOk(List<long[]> results) {
    synchronized (results) {
      return results.stream().filter(r -> r[1] == 1).mapToLong(r -> r[0]).max().orElse(0);
    }
  }

  private static JsonObject broadcast(TestClient client, String text) {
    try {
      return client.request(
          "sendBroadcastMessage", new JsonObject().put("roomID", ROOM).put("message", text));
    } catch (RuntimeException | AssertionError e) {
      return new JsonObject().put("ok", false);
    }
  }

  private static Set<String> users(NodeProcess gateway) {
    try {
      return ids(Admin.get(gateway.httpPort, "/v1/rooms/" + ROOM + "/users").getJsonArray("users"));
    } catch (java.io.IOException | AssertionError | RuntimeException e) {
      return Set.of();
    }
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
