package io.liveroom.launcher.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.GatewayExpired;
import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.NodeProcess;
import io.liveroom.launcher.harness.Replies;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A gateway whose presence lease lapsed because it was busy, not dead (its event loop saturated
 * under load), keeps its members: room-service asks it before evicting, and it answers.
 */
class FalseExpiryTest {
  @Test
  void anExpiryOfAGatewayThatStillAnswersEvictsNobody() throws Exception {
    RunningNode node = TestNodes.start(Map.of());
    Vertx clients = Vertx.vertx();
    try (TestClient alice = TestClient.connect(clients, node.httpPort());
        TestClient bob = TestClient.connect(clients, node.httpPort())) {
      alice.login("busy", "alice", true);
      bob.login("busy", "bob", true);
      alice.awaitEvent("roomUserUpdate", "busy");

      node.node()
          .bus()
          .publish(
              Addresses.PRESENCE_GATEWAY_EXPIRED,
              new GatewayExpired(node.node().id(), System.currentTimeMillis()));
      // past the probe's timeout (2 s) an eviction would have happened; a marker join after that
      // shows that no DELETE came before it
      try (TestClient carol = TestClient.connect(clients, node.httpPort())) {
        NodeProcess.pause(2_500);
        carol.login("busy", "carol", true);
        alice.awaitPush(p -> Replies.isAddOf(p, "carol"), "carol's ADD");
        assertTrue(
            alice.pushes("roomUserUpdate").isEmpty(),
            () -> "evicted: " + alice.pushes("roomUserUpdate"));
        JsonObject users = Admin.get(node.httpPort(), "/v1/rooms/busy/users");
        assertEquals(3, users.getInteger("total"), users::encode);
      }
    } finally {
      clients.close().await(10, TimeUnit.SECONDS);
      node.stop().await(20, TimeUnit.SECONDS);
    }
  }
}
