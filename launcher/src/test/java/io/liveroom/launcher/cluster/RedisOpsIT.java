package io.liveroom.launcher.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.testing.RedisServer;
import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.NodeProcess;
import io.liveroom.launcher.harness.PrometheusText;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestCluster;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis commands per login and per broadcast in a 2-JVM cluster (services, one gateway), read from
 * {@code INFO commandstats} of the real redis-server (which counts the commands scripts run as well
 * as the scripts), with the idle background (presence reports, store checks) subtracted: the
 * measured inputs of docs/scale.md. Fails when either grows past a bound that would change the
 * model.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisOpsIT {
  @RegisterExtension
  static final TestCluster CLUSTER =
      TestCluster.named("ops")
          .common(
              "--set",
              "gateway.requestsPerSecond=10000",
              "--set",
              "gateway.requestBurst=10000",
              "--set",
              "chat.broadcastUserPerSecond=100000",
              "--set",
              "chat.broadcastRoomPerSecond=100000",
              "--set",
              "gateway.reconnectGraceMs=0")
          .node("osvc", "room,presence,chat")
          .node("ogw", "gateway")
          .spare("ogw2")
          .spare("ogw3")
          .spare("ogw4");

  private static final String ROOM = "ops";
  private static final int LOGINS = 40;
  private static final int BROADCASTS = 200;

  @Test
  @Order(1)
  void redisCommandsPerLoginAndPerBroadcast() throws Exception {
    NodeProcess gw = CLUSTER.node("ogw");
    RedisServer redis = CLUSTER.redisServer();
    List<TestClient> clients = new ArrayList<>();
    try {
      TestClient first = TestClient.connect(CLUSTER.vertx(), gw.httpPort);
      clients.add(first);
      assertTrue(TestCluster.loginWhenServed(first, ROOM, "u0", false).getBoolean("ok"));

      redis.command("CONFIG", "RESETSTAT");
      long t0 = System.nanoTime();
      NodeProcess.pause(5_000);
      double idlePerSecond = total(stats(redis)) / seconds(t0);

      redis.command("CONFIG", "RESETSTAT");
      long t1 = System.nanoTime();
      for (int i = 1; i <= LOGINS; i++) {
        TestClient c = TestClient.connect(CLUSTER.vertx(), gw.httpPort);
        clients.add(c);
        JsonObject r = c.login(ROOM, "u" + i, false);
        assertTrue(r.getBoolean("ok"), r.encode());
      }
      Map<String, Long> loginStats = stats(redis);
      double perLogin = (total(loginStats) - idlePerSecond * seconds(t1)) / LOGINS;

      redis.command("CONFIG", "RESETSTAT");
      long t2 = System.nanoTime();
      for (int i = 0; i < BROADCASTS; i++) {
        JsonObject r =
            first.request(
                "sendBroadcastMessage",
                new JsonObject().put("roomID", ROOM).put("message", "m" + i));
        assertTrue(r.getBoolean("ok"), r.encode());
      }
      Map<String, Long> broadcastStats = stats(redis);
      double perBroadcast = (total(broadcastStats) - idlePerSecond * seconds(t2)) / BROADCASTS;
      int listed =
          Admin.get(gw.httpPort, "/v1/rooms/" + ROOM + "/users").getJsonArray("users").size();

      System.out.printf(
          "RedisOpsIT: idle %.1f commands/s (2 JVMs); %.2f commands per login %s;"
              + " %.2f per broadcast %s; %d members listed%n",
          idlePerSecond, perLogin, loginStats, perBroadcast, broadcastStats, listed);
      // commandstats counts the commands run inside scripts too: measured 29.7 and 10.0
      assertTrue(perLogin > 0 && perLogin < 60, "commands per login: " + perLogin);
      assertTrue(perBroadcast > 0 && perBroadcast < 20, "commands per broadcast: " + perBroadcast);
      measuredPerBroadcast = perBroadcast;
      measuredIdlePerNode = idlePerSecond / 2;
    } finally {
      clients.forEach(TestClient::close);
    }
  }

  private static double measuredPerBroadcast;
  private static double measuredIdlePerNode;
  private static final int SIM_MEMBERS = 4;
  private static final int SIM_BROADCASTS = 60;

  /**
   * Event-bus messages a broadcast adds to the counters, from the code: the gateway's request to
   * {@code chat.broadcast.send} (sent) and chat-service's publish to the room's address
   * (published). The reply goes to a {@code __vertx.reply.*} address, which Vert.x's metrics do not
   * count.
   */
  private static final int BUS_ORIGINATED_PER_BROADCAST = 2;

  /**
   * Messages a broadcast adds to the receivers' counters: the request at chat-service, and one copy
   * of the publish per node with a consumer for the room (G_r; 1 here: each room on one gateway).
   */
  private static final int BUS_RECEIVED_PER_BROADCAST = 1 + 1;

  /** Measured vs model: the simulation fails outside this band (Redis and the bus alike). */
  private static final double TOLERANCE = 0.30;

  /**
   * The model at small scale: N = 1, 2, 4 gateway JVMs, each with its own room of {@link
   * #SIM_MEMBERS} members and the same fixed load ({@link #SIM_BROADCASTS} broadcasts from one
   * member); Redis commands measured against the prediction N x broadcasts x B + nodes x idle rate
   * x time (B from the first test); event-bus messages (every node's /metrics) against N x
   * broadcasts x the per-broadcast messages the code sends + the idle background of the services
   * and of each gateway; all within {@link #TOLERANCE}.
   */
  @Test
  @Order(2)
  void redisLoadGrowsAsTheModelPredictsWithTheGateways() throws Exception {
    assertTrue(measuredPerBroadcast > 0, "runs after the per-operation measurement");
    NodeProcess.pause(2_000); // the first test's members have left
    NodeProcess svc = CLUSTER.node("osvc");
    NodeProcess gw1 = CLUSTER.node("ogw");
    // the background of each kind of node, apart: the services and an idle gateway differ
    double[] idleSvcStart = busCounts(svc);
    double[] idleGwStart = busCounts(gw1);
    long idleT = System.nanoTime();
    NodeProcess.pause(4_000);
    double idleSecs = seconds(idleT);
    double[] idleSvc = rate(busCounts(svc), idleSvcStart, idleSecs);
    double[] idleGw = rate(busCounts(gw1), idleGwStart, idleSecs);
    // every node in use is read: the services and each gateway started so far
    List<NodeProcess> busNodes = new ArrayList<>(List.of(svc));
    RedisServer redis = CLUSTER.redisServer();
    List<String> gateways = List.of("ogw", "ogw2", "ogw3", "ogw4");
    List<TestClient> clients = new ArrayList<>();
    List<TestClient> senders = new ArrayList<>();
    StringBuilder table = new StringBuilder();
    try {
      for (int n : new int[] {1, 2, 4}) {
        while (senders.size() < n) {
          int g = senders.size();
          NodeProcess gw = g == 0 ? CLUSTER.node("ogw") : CLUSTER.start(gateways.get(g), "gateway");
          gw.awaitReady(java.time.Duration.ofSeconds(90));
          busNodes.add(gw);
          for (int m = 0; m < SIM_MEMBERS; m++) {
            TestClient c = TestClient.connect(CLUSTER.vertx(), gw.httpPort);
            clients.add(c);
            assertTrue(
                TestCluster.loginWhenServed(c, "sim-" + g, "s" + g + "-" + m, false)
                    .getBoolean("ok"));
            if (m == 0) {
              senders.add(c);
            }
          }
        }
        NodeProcess.pause(1_000); // the logins' own writes are done
        redis.command("CONFIG", "RESETSTAT");
        double[] busBefore = busCounts(busNodes);
        long t = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int g = 0; g < n; g++) {
          TestClient sender = senders.get(g);
          String room = "sim-" + g;
          Thread th =
              new Thread(
                  () -> {
                    for (int i = 0; i < SIM_BROADCASTS; i++) {
                      JsonObject r =
                          sender.request(
                              "sendBroadcastMessage",
                              new JsonObject().put("roomID", room).put("message", "x" + i));
                      if (!r.getBoolean("ok")) {
                        throw new AssertionError(r.encode());
                      }
                    }
                  });
          threads.add(th);
          th.start();
        }
        for (Thread th : threads) {
          th.join(120_000);
        }
        double secs = seconds(t);
        long measured = total(stats(redis));
        double[] busAfter = busCounts(busNodes);
        double bus = busAfter[0] - busBefore[0];
        double received = busAfter[1] - busBefore[1];
        double busPredicted =
            n * SIM_BROADCASTS * BUS_ORIGINATED_PER_BROADCAST + (idleSvc[0] + n * idleGw[0]) * secs;
        double receivedPredicted =
            n * SIM_BROADCASTS * BUS_RECEIVED_PER_BROADCAST + (idleSvc[1] + n * idleGw[1]) * secs;
        double predicted =
            n * SIM_BROADCASTS * measuredPerBroadcast + (1 + n) * measuredIdlePerNode * secs;
        table.append(
            String.format(
                " N=%d: Redis %d commands in %.1f s (%.0f/s), predicted %.0f, ratio %.2f;"
                    + " bus %.0f messages sent+published (%.0f/s), predicted %.0f, ratio %.2f;"
                    + " %.0f received (%.0f/s), predicted %.0f, ratio %.2f;",
                n,
                measured,
                secs,
                measured / secs,
                predicted,
                measured / predicted,
                bus,
                bus / secs,
                busPredicted,
                bus / busPredicted,
                received,
                received / secs,
                receivedPredicted,
                received / receivedPredicted));
        assertWithin("N=" + n + ": Redis commands", measured, predicted);
        assertWithin("N=" + n + ": bus messages sent+published", bus, busPredicted);
        assertWithin("N=" + n + ": bus messages received", received, receivedPredicted);
      }
    } finally {
      System.out.println("RedisOpsIT simulation:" + table);
      clients.forEach(TestClient::close);
    }
  }

  private static void assertWithin(String what, double measured, double predicted) {
    assertTrue(
        measured >= (1 - TOLERANCE) * predicted && measured <= (1 + TOLERANCE) * predicted,
        what + ": measured " + measured + ", predicted " + predicted + " (+-" + TOLERANCE + ")");
  }

  /** Event-bus messages of {@code nodes} so far (their /metrics): {sent + published, received}. */
  private static double[] busCounts(List<NodeProcess> nodes) throws Exception {
    double[] sum = new double[2];
    for (NodeProcess node : nodes) {
      double[] one = busCounts(node);
      sum[0] += one[0];
      sum[1] += one[1];
    }
    return sum;
  }

  /**
   * {sent + published, received} of one node: messages it originated (a publish counts once, at the
   * publisher) and messages it received (each copy of a publish counts at its receiver). Replies
   * are not counted: Vert.x's metrics skip {@code __vertx.*} addresses.
   */
  private static double[] busCounts(NodeProcess node) throws Exception {
    PrometheusText metrics = PrometheusText.parse(PrometheusText.get(node.httpPort, null).body());
    return new double[] {
      metrics.sum("vertx_eventbus_sent_total") + metrics.sum("vertx_eventbus_published_total"),
      metrics.sum("vertx_eventbus_received_total")
    };
  }

  private static double[] rate(double[] now, double[] before, double secs) {
    return new double[] {(now[0] - before[0]) / secs, (now[1] - before[1]) / secs};
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static long total(Map<String, Long> stats) {
    return stats.entrySet().stream()
        .filter(e -> !e.getKey().equals("info") && !e.getKey().startsWith("config"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** command -> calls, from INFO commandstats. */
  private static Map<String, Long> stats(RedisServer redis) {
    Map<String, Long> out = new TreeMap<>();
    for (String line : redis.command("INFO", "commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_")) {
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        int calls = line.indexOf("calls=");
        String n = line.substring(calls + 6, line.indexOf(',', calls));
        out.put(name, Long.parseLong(n));
      }
    }
    return out;
  }
}
