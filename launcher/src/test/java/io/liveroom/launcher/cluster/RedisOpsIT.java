package io.liveroom.launcher.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.testing.RedisServer;
import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.NodeProcess;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestCluster;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis commands per login and per broadcast in a 2-JVM cluster (services, one gateway), read from
 * {@code INFO commandstats} of the real redis-server (which counts the commands scripts run as well
 * as the scripts), with the idle background (presence reports, store checks) subtracted: the
 * measured inputs of docs/scale.md. Fails when either grows past a bound that would change the
 * model.
 */
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
              "chat.broadcastRoomPerSecond=100000")
          .node("osvc", "room,presence,chat")
          .node("ogw", "gateway");

  private static final String ROOM = "ops";
  private static final int LOGINS = 40;
  private static final int BROADCASTS = 200;

  @Test
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
    } finally {
      clients.forEach(TestClient::close);
    }
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
