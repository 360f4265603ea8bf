package io.liveroom.launcher.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.NodeProcess;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestCluster;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Presence across processes with a real Redis: two gateways and one room/presence/chat process.
 * 2,000 room sessions (200 connections, 10 rooms each) join and leave in random order, then every
 * count is exact; one gateway is killed (-9) and the counts converge within the lease, with exactly
 * one DELETE per evicted member at the survivors.
 */
class PresenceCountsAcrossGatewaysIT {
  private static final String GATEWAY_1 = "pgw1";
  private static final String GATEWAY_2 = "pgw2";

  @RegisterExtension
  static final TestCluster CLUSTER =
      TestCluster.named("pit")
          .common(
              TestCluster.quickPresence(
                      PresenceCountsAcrossGatewaysIT.LEASE_TTL_MS,
                      PresenceCountsAcrossGatewaysIT.ROOMS_PER_CONNECTION)
                  .toArray(String[]::new))
          .node("svc", "room,presence,chat")
          .node("pgw1", "gateway")
          .node("pgw2", "gateway");

  private static final long LEASE_TTL_MS = 3000;
  private static final int CONNECTIONS = 200;
  private static final int ROOMS = 20;
  private static final int ROOMS_PER_CONNECTION = 10;
  private static NodeProcess gateway1;
  private static NodeProcess gateway2;

  @BeforeAll
  static void startCluster() {
    gateway1 = CLUSTER.node(GATEWAY_1);
    gateway2 = CLUSTER.node(GATEWAY_2);
  }

  private static JsonObject admin(NodeProcess gw, String path) {
    try {
      return Admin.get(gw.httpPort, path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Every room's {count, sessions} as the admin API reports them, plus the totals. */
  private static Map<String, Object> observed(NodeProcess gw) {
    Map<String, Object> out = new HashMap<>();
    for (int r = 0; r < ROOMS; r++) {
      JsonObject c = admin(gw, "/v1/rooms/p" + r + "/online");
      out.put("p" + r, List.of(c.getInteger("count"), c.getInteger("sessions")));
    }
    JsonObject all = admin(gw, "/v1/online");
    out.put(
        "total",
        List.of(
            all.getInteger("totalSessions"),
            all.getInteger("distinctUsers"),
            all.getInteger("rooms")));
    return out;
  }

  private static Map<String, Object> expected(Map<String, Set<String>> membersByRoom) {
    Map<String, Object> out = new HashMap<>();
    Set<String> users = new HashSet<>();
    int sessions = 0;
    int rooms = 0;
    for (int r = 0; r < ROOMS; r++) {
      Set<String> in = membersByRoom.getOrDefault("p" + r, Set.of());
      out.put("p" + r, List.of(in.size(), in.size()));
      users.addAll(in);
      sessions += in.size();
      rooms += in.isEmpty() ? 0 : 1;
    }
    out.put("total", List.of(sessions, users.size(), rooms));
    return out;
  }

  /**
   * Polls both (or one) gateways until the counts are the expected ones; returns the time it took.
   */
  private static long awaitCounts(
      Map<String, Object> expected, Duration timeout, NodeProcess... gateways) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    for (NodeProcess gw : gateways) {
      Map<String, Object> seen = observed(gw);
      while (!expected.equals(seen) && System.nanoTime() < deadline) {
        NodeProcess.pause(50);
        seen = observed(gw);
      }
      assertEquals(expected, seen, "counts at " + gw.httpPort);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void countsAreExactAndAKilledGatewaysMembersAreEvictedOnce() {
    Random random = new Random(42);
    List<TestClient> clients = new ArrayList<>();
    List<String> users = new ArrayList<>();
    record Op(int client, String room, boolean join, double key) {}
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < CONNECTIONS; i++) {
      clients.add(TestClient.connect(CLUSTER.vertx(), (i % 2 == 0 ? gateway1 : gateway2).httpPort));
      users.add("u" + i + (i % 2 == 0 ? "-g1" : "-g2"));
      List<Integer> rooms = new ArrayList<>();
      for (int r = 0; r < ROOMS; r++) {
        rooms.add(r);
      }
      Collections.shuffle(rooms, random);
      for (int k = 0; k < ROOMS_PER_CONNECTION; k++) {
        double joinKey = random.nextDouble();
        ops.add(new Op(i, "p" + rooms.get(k), true, joinKey));
        if (random.nextInt(10) < 3) { // 30% leave again, some time after joining
          ops.add(
              new Op(i, "p" + rooms.get(k), false, joinKey + random.nextDouble() * (1 - joinKey)));
        }
      }
    }
    ops.sort((a, b) -> Double.compare(a.key(), b.key()));
    Map<String, Set<String>> membersByRoom = new HashMap<>();
    for (Op op : ops) { // the final state: each connection's own ops are applied in order
      Set<String> in = membersByRoom.computeIfAbsent(op.room(), k -> new HashSet<>());
      if (op.join()) {
        in.add(users.get(op.client()));
      } else {
        in.remove(users.get(op.client()));
      }
    }
    long started = System.nanoTime();
    int workers = 8; // connection i is driven by worker i % 8, in the global random order
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int worker = w;
      done.add(
          pool.submit(
              () -> {
                for (Op op : ops) {
                  if (op.client() % workers != worker) {
                    continue;
                  }
                  TestClient c = clients.get(op.client());
                  JsonObject reply =
                      op.join()
                          ? TestCluster.loginWhenServed(c, op.room(), users.get(op.client()), true)
                          : c.request("logoutRoom", new JsonObject().put("roomID", op.room()));
                  assertTrue(reply.getBoolean("ok"), reply::encode);
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      try {
        f.get(120, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("churn failed: " + e, e);
      }
    }
    pool.shutdown();
    long churnMs = (System.nanoTime() - started) / 1_000_000;
    int joins = (int) ops.stream().filter(Op::join).count();
    Map<String, Object> expected = expected(membersByRoom);
    long settleMs = awaitCounts(expected, Duration.ofSeconds(10), gateway1, gateway2);
    System.out.printf(
        "presence IT: %d joins + %d leaves over %d connections in %d ms; counts exact %d ms later: %s%n",
        joins, ops.size() - joins, CONNECTIONS, churnMs, settleMs, expected.get("total"));

    // kill -9 the second gateway: its members must go, each with one DELETE at the survivors
    Map<String, Set<String>> survivors = new HashMap<>();
    Map<String, Set<String>> evicted = new HashMap<>();
    membersByRoom.forEach(
        (room, in) ->
            in.forEach(
                u ->
                    (u.endsWith("-g1") ? survivors : evicted)
                        .computeIfAbsent(room, k -> new HashSet<>())
                        .add(u)));
    for (TestClient c : clients) {
      c.takePushes("roomUserUpdate");
    }
    long killed = System.nanoTime();
    gateway2.kill();
    long convergeMs =
        awaitCounts(expected(survivors), Duration.ofMillis(LEASE_TTL_MS + 7000), gateway1);
    assertTrue(
        convergeMs <= LEASE_TTL_MS + 2000, "counts converged " + convergeMs + " ms after the kill");
    assertEquals(false, admin(gateway1, "/v1/users/u1-g2/presence").getBoolean("online"));

    // each survivor in a room sees exactly one DELETE per evicted member of that room
    Map<Integer, Map<String, Integer>> deletes = new HashMap<>();
    int expectedDeletes = 0;
    for (int i = 0; i < CONNECTIONS; i += 2) {
      for (Map.Entry<String, Set<String>> room : survivors.entrySet()) {
        if (room.getValue().contains(users.get(i))) {
          expectedDeletes += evicted.getOrDefault(room.getKey(), Set.of()).size();
        }
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int seen = 0;
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < CONNECTIONS; i += 2) {
        for (JsonObject p : clients.get(i).takePushes("roomUserUpdate")) {
          assertEquals("DELETE", p.getString("updateType"), p::encode);
          p.getJsonArray("userList")
              .forEach(
                  u -> {
                    Map<String, Integer> byKey = deletes.computeIfAbsent(0, k -> new HashMap<>());
                    byKey.merge(
                        p.getString("roomID") + "/" + ((JsonObject) u).getString("userID"),
                        0,
                        (a, b) -> a);
                  });
          seen += p.getJsonArray("userList").size();
        }
      }
      if (seen >= expectedDeletes) {
        break;
      }
      NodeProcess.pause(50);
    }
    NodeProcess.pause(1000); // a duplicate would come within the next scan rounds
    for (int i = 0; i < CONNECTIONS; i += 2) {
      seen += clients.get(i).takePushes("roomUserUpdate").size();
    }
    long evictedMembers = evicted.values().stream().mapToInt(Set::size).sum();
    System.out.printf(
        "presence IT: kill -9 -> counts exact in %d ms (lease %d ms); %d members evicted, %d DELETEs "
            + "at the survivors (expected %d), %d ms after the kill%n",
        convergeMs,
        LEASE_TTL_MS,
        evictedMembers,
        seen,
        expectedDeletes,
        (System.nanoTime() - killed) / 1_000_000);
    assertEquals(
        expectedDeletes, seen, "exactly one DELETE per evicted member and surviving observer");
    assertEquals(
        evictedMembers,
        deletes.getOrDefault(0, Map.of()).size(),
        "every evicted member was announced");
    clients.forEach(TestClient::close);
  }
}
