package io.liveroom.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.testing.RedisServer;
import io.liveroom.infra.testing.RedisServerExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three JVMs from the jar on 127.0.0.1 in one Hazelcast cluster with a real Redis: room-service
 * alone on one, a gateway on each of the other two. Clients on different gateways see each other.
 */
class ClusterIT {
  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final List<NodeProcess> NODES = new ArrayList<>();
  private static NodeProcess gateway1;
  private static NodeProcess gateway2;
  private static Vertx vertx;

  @BeforeAll
  static void startCluster() {
    RedisServer redis = REDIS.server();
    String cluster = "it-" + UUID.randomUUID().toString().substring(0, 8);
    int[] hz = {NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort()};
    String members = "127.0.0.1:" + hz[0] + ",127.0.0.1:" + hz[1] + ",127.0.0.1:" + hz[2];
    NODES.add(node("room", "room", hz[0], redis, cluster, members));
    gateway1 = node("gw1", "gateway", hz[1], redis, cluster, members);
    gateway2 = node("gw2", "gateway", hz[2], redis, cluster, members);
    NODES.add(gateway1);
    NODES.add(gateway2);
    NODES.forEach(n -> n.awaitReady(Duration.ofSeconds(90)));
    vertx = Vertx.vertx();
  }

  private static NodeProcess node(String id, String roles, int hzPort, RedisServer redis, String cluster,
      String members) {
    int http = NodeProcess.freePort();
    return NodeProcess.start(id, http, Map.of(), "--cluster", "--roles", roles, "--node-id", id,
        "--redis", redis.url(), "--members", members, "--cluster-name", cluster, "--cluster-port",
        Integer.toString(hzPort), "--port", Integer.toString(http), "--host", "127.0.0.1");
  }

  @AfterAll
  static void stopCluster() {
    if (vertx != null) {
      vertx.close();
    }
    NODES.forEach(NodeProcess::close);
  }

  /** Logs in, retrying while the cluster is still spreading room-service's registration. */
  private static JsonObject loginWhenServed(TestClient client, String room, String user) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonObject reply;
    do {
      reply = client.login(room, user, true);
      if (reply.getBoolean("ok") || reply.getJsonObject("error").getInteger("code")
          != ErrorCode.SERVICE_UNAVAILABLE.code()) {
        return reply;
      }
      NodeProcess.pause(200);
    } while (System.nanoTime() < deadline);
    return reply;
  }

  @Test
  void joinOnOneGatewayIsPushedToAMemberOnTheOther() {
    try (TestClient alice = TestClient.connect(vertx, gateway1.httpPort);
        TestClient bob = TestClient.connect(vertx, gateway2.httpPort)) {
      JsonObject first = loginWhenServed(alice, "stage", "alice");
      assertTrue(first.getBoolean("ok"), first::encode);
      JsonObject second = loginWhenServed(bob, "stage", "bob");
      assertTrue(second.getBoolean("ok"), second::encode);
      assertEquals("alice", second.getJsonArray("userList").getJsonObject(0).getString("userID"));

      JsonObject add = alice.awaitEvent("roomUserUpdate", "stage");
      assertEquals("ADD", add.getString("updateType"));
      assertEquals("bob", add.getJsonArray("userList").getJsonObject(0).getString("userID"));
      // the membership lives in Redis, where any room-service instance finds it
      assertEquals("2", REDIS.server().command("HLEN", "liveroom:room:{stage}:members"));

      bob.close();
      assertEquals("DELETE", alice.awaitEvent("roomUserUpdate", "stage").getString("updateType"));
      assertEquals("1", REDIS.server().command("HLEN", "liveroom:room:{stage}:members"));
    }
  }

  @Test
  void duplicateLoginAcrossGatewaysKicksTheOlderSession() {
    try (TestClient older = TestClient.connect(vertx, gateway1.httpPort);
        TestClient newer = TestClient.connect(vertx, gateway2.httpPort)) {
      assertTrue(loginWhenServed(older, "dup-x", "same").getBoolean("ok"));
      assertTrue(loginWhenServed(newer, "dup-x", "same").getBoolean("ok"));
      JsonObject kicked = older.awaitPush(p -> "KICKOUT".equals(p.getString("reason")), "KICKOUT on gateway 1");
      assertEquals(ErrorCode.KICKED_DUPLICATE_LOGIN.code(), kicked.getInteger("errorCode"));
    }
  }
}
