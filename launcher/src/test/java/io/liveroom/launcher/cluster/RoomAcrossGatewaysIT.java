package io.liveroom.launcher.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.NodeProcess;
import io.liveroom.launcher.harness.Replies;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestCluster;
import io.liveroom.launcher.harness.TestTokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three JVMs from the jar on 127.0.0.1 in one Hazelcast cluster with a real Redis: room-service
 * alone on one, a gateway on each of the other two. Clients on different gateways see each other.
 */
class RoomAcrossGatewaysIT {
  private static final String GATEWAY_1 = "gw1";
  private static final String GATEWAY_2 = "gw2";

  @RegisterExtension
  static final TestCluster CLUSTER =
      TestCluster.named("it")
          .node("room", "room")
          .node(GATEWAY_1, "gateway")
          .node(GATEWAY_2, "gateway");

  private static NodeProcess gateway1;
  private static NodeProcess gateway2;

  @BeforeAll
  static void startCluster() {
    gateway1 = CLUSTER.node(GATEWAY_1);
    gateway2 = CLUSTER.node(GATEWAY_2);
  }

  @Test
  void joinOnOneGatewayIsPushedToAMemberOnTheOther() {
    try (TestClient alice = TestClient.connect(CLUSTER.vertx(), gateway1.httpPort);
        TestClient bob = TestClient.connect(CLUSTER.vertx(), gateway2.httpPort)) {
      JsonObject first = TestCluster.loginWhenServed(alice, "stage", "alice", true);
      assertTrue(first.getBoolean("ok"), first::encode);
      JsonObject second = TestCluster.loginWhenServed(bob, "stage", "bob", true);
      assertTrue(second.getBoolean("ok"), second::encode);
      assertEquals("alice", second.getJsonArray("userList").getJsonObject(0).getString("userID"));

      JsonObject add = alice.awaitEvent("roomUserUpdate", "stage");
      assertEquals("ADD", add.getString("updateType"));
      assertEquals("bob", add.getJsonArray("userList").getJsonObject(0).getString("userID"));
      // the membership lives in Redis, where any room-service instance finds it
      assertEquals("2", CLUSTER.redis().server().command("HLEN", "liveroom:{room:stage}:members"));

      assertTrue(
          bob.request("logoutRoom", new JsonObject().put("roomID", "stage")).getBoolean("ok"));
      assertEquals("DELETE", alice.awaitEvent("roomUserUpdate", "stage").getString("updateType"));
      assertEquals("1", CLUSTER.redis().server().command("HLEN", "liveroom:{room:stage}:members"));
    }
  }

  @Test
  void streamsExtraInfoAndIsolationHoldAcrossGateways() {
    try (TestClient alice = TestClient.connect(CLUSTER.vertx(), gateway1.httpPort);
        TestClient bob = TestClient.connect(CLUSTER.vertx(), gateway2.httpPort);
        TestClient outsider = TestClient.connect(CLUSTER.vertx(), gateway2.httpPort)) {
      assertTrue(TestCluster.loginWhenServed(alice, "xg-room", "alice", true).getBoolean("ok"));
      assertTrue(TestCluster.loginWhenServed(bob, "xg-room", "bob", true).getBoolean("ok"));
      assertTrue(
          TestCluster.loginWhenServed(outsider, "xg-other", "outsider", true).getBoolean("ok"));
      assertTrue(
          alice
              .request("startPublishingStream", new JsonObject().put("streamID", "xg-alice-cam"))
              .getBoolean("ok"));
      assertEquals(
          "xg-alice-cam",
          bob.awaitEvent("roomStreamUpdate", "xg-room")
              .getJsonArray("streamList")
              .getJsonObject(0)
              .getString("streamID"));
      assertTrue(
          bob.request(
                  "setRoomExtraInfo",
                  new JsonObject().put("roomID", "xg-room").put("key", "k").put("value", "v"))
              .getBoolean("ok"));
      assertEquals(
          "bob",
          alice
              .awaitEvent("roomExtraInfoUpdate", "xg-room")
              .getJsonArray("roomExtraInfoList")
              .getJsonObject(0)
              .getJsonObject("updateUser")
              .getString("userID"));
      // streamIDs are unique across the deployment, whichever gateway asks
      assertEquals(
          ErrorCode.STREAM_ID_TAKEN.code(),
          bob.request("startPublishingStream", new JsonObject().put("streamID", "xg-alice-cam"))
              .getJsonObject("error")
              .getInteger("code"));
      // the outsider's next event is from its own room: nothing of xg-room came before it
      TestClient marker = TestClient.connect(CLUSTER.vertx(), gateway1.httpPort);
      assertTrue(TestCluster.loginWhenServed(marker, "xg-other", "marker", true).getBoolean("ok"));
      outsider.awaitEvent("roomUserUpdate", "xg-other");
      assertTrue(
          outsider.pushes("roomStreamUpdate").isEmpty()
              && outsider.pushes("roomExtraInfoUpdate").isEmpty());
      marker.close();
    }
  }

  @Test
  void aSessionResumesOnTheOtherGatewayWithoutChurn() {
    try (TestClient alice = TestClient.connect(CLUSTER.vertx(), gateway1.httpPort)) {
      assertTrue(TestCluster.loginWhenServed(alice, "xg-resume", "alice", true).getBoolean("ok"));
      TestClient bob = TestClient.connect(CLUSTER.vertx(), gateway1.httpPort);
      JsonObject opened = bob.opened();
      assertTrue(TestCluster.loginWhenServed(bob, "xg-resume", "bob", true).getBoolean("ok"));
      assertTrue(
          bob.request("startPublishingStream", new JsonObject().put("streamID", "xg-bob-cam"))
              .getBoolean("ok"));
      alice.awaitEvent("roomStreamUpdate", "xg-resume");
      alice.awaitEvent("roomUserUpdate", "xg-resume");
      bob.drop();
      try (TestClient bobOnGateway2 = TestClient.connect(CLUSTER.vertx(), gateway2.httpPort)) {
        JsonObject resumed = Replies.resume(bobOnGateway2, opened);
        assertTrue(resumed.getBoolean("ok"), resumed::encode);
        assertEquals(
            "xg-bob-cam",
            resumed
                .getJsonArray("rooms")
                .getJsonObject(0)
                .getJsonArray("streamList")
                .getJsonObject(0)
                .getString("streamID"));
        // bob now lives on gateway 2: room events reach him there
        try (TestClient carol = TestClient.connect(CLUSTER.vertx(), gateway1.httpPort)) {
          assertTrue(
              TestCluster.loginWhenServed(carol, "xg-resume", "carol", true).getBoolean("ok"));
          bobOnGateway2.awaitPush(p -> Replies.isAddOf(p, "carol"), "carol's ADD on gateway 2");
          alice.awaitPush(p -> Replies.isAddOf(p, "carol"), "carol's ADD at alice");
        }
        assertTrue(
            alice.pushes("roomUserUpdate").isEmpty(),
            () -> "churn: " + alice.pushes("roomUserUpdate"));
        assertTrue(
            alice.pushes("roomStreamUpdate").isEmpty(),
            () -> "churn: " + alice.pushes("roomStreamUpdate"));
        // gateway 1 forgot the session: its grace timer must not evict bob later
        assertEquals(
            "1",
            CLUSTER
                .redis()
                .server()
                .command("HEXISTS", "liveroom:{room:xg-resume}:members", "bob"));
      }
    }
  }

  @Test
  void adminKickThroughOneGatewayReachesAUserOnTheOther() throws Exception {
    try (TestClient alice = TestClient.connect(CLUSTER.vertx(), gateway1.httpPort);
        TestClient bob = TestClient.connect(CLUSTER.vertx(), gateway2.httpPort)) {
      assertTrue(TestCluster.loginWhenServed(alice, "xg-kick", "alice", true).getBoolean("ok"));
      assertTrue(TestCluster.loginWhenServed(bob, "xg-kick", "bob", true).getBoolean("ok"));
      alice.awaitEvent("roomUserUpdate", "xg-kick");
      JsonObject result =
          Admin.post(
              gateway1.httpPort,
              "/v1/rooms/xg-kick/kick",
              new JsonObject().put("userIDs", new io.vertx.core.json.JsonArray().add("bob")));
      assertEquals("bob", result.getJsonArray("kicked").getString(0));
      JsonObject kickout =
          bob.awaitPush(p -> "KICKOUT".equals(p.getString("reason")), "KICKOUT on gateway 2");
      assertEquals(ErrorCode.KICKED_BY_ADMIN.code(), kickout.getInteger("errorCode"));
      assertEquals("DELETE", alice.awaitEvent("roomUserUpdate", "xg-kick").getString("updateType"));
      JsonObject users = Admin.get(gateway2.httpPort, "/v1/rooms/xg-kick/users");
      assertEquals(1, users.getInteger("total"), users::encode);
    }
  }

  @Test
  void closingARoomThroughOneGatewayKicksMembersOnBothAndAPromotionCrossesGateways()
      throws Exception {
    try (TestClient alice = TestClient.connect(CLUSTER.vertx(), gateway1.httpPort);
        TestClient bob = TestClient.connect(CLUSTER.vertx(), gateway2.httpPort)) {
      assertTrue(TestCluster.loginWhenServed(alice, "xg-close", "alice", true).getBoolean("ok"));
      JsonObject viewer =
          bob.request(
              "loginRoom",
              new JsonObject()
                  .put("roomID", "xg-close")
                  .put("token", TestTokens.token("bob", "xg-close", false))
                  .put("user", new JsonObject().put("userID", "bob")));
      assertTrue(viewer.getBoolean("ok"), viewer::encode);
      // bob, a viewer on gateway 2, is promoted through gateway 1 and publishes without logging in
      // again
      Admin.post(
          gateway1.httpPort,
          "/v1/rooms/xg-close/users/bob/privileges",
          new JsonObject().put("publish", true));
      bob.awaitPush(
          p -> "roomPrivilegeUpdate".equals(p.getString("event")),
          "roomPrivilegeUpdate on gateway 2");
      assertTrue(
          bob.request("startPublishingStream", new JsonObject().put("streamID", "xg-close-cam"))
              .getBoolean("ok"));
      alice.awaitPush(
          p ->
              "roomStreamUpdate".equals(p.getString("event"))
                  && "ADD".equals(p.getString("updateType")),
          "the ADD of bob's stream on gateway 1");
      JsonObject closed =
          Admin.call(
              gateway1.httpPort,
              "DELETE",
              "/v1/rooms/xg-close?reason=closing",
              null,
              TestTokens.admin(),
              200);
      assertEquals(2, closed.getJsonArray("kicked").size(), closed::encode);
      for (TestClient c : new TestClient[] {alice, bob}) {
        JsonObject kickout = c.awaitPush(p -> "KICKOUT".equals(p.getString("reason")), "KICKOUT");
        assertEquals(
            ErrorCode.KICKED_ROOM_CLOSED.code(), kickout.getInteger("errorCode"), kickout::encode);
        assertEquals("closing", kickout.getString("extendedData"));
      }
      JsonObject room = Admin.get(gateway2.httpPort, "/v1/rooms/xg-close");
      assertEquals(false, room.getBoolean("open"), room::encode);
      assertEquals(0, room.getJsonArray("streams").size(), room::encode);
    }
  }

  @Test
  void p2pSignalsCrossGateways() {
    JsonObject p2p = new JsonObject().put("mode", "p2p");
    try (TestClient caller = TestClient.connect(CLUSTER.vertx(), gateway1.httpPort);
        TestClient callee = TestClient.connect(CLUSTER.vertx(), gateway2.httpPort)) {
      TestCluster.loginWhenServed(caller, "xg-call", "caller", true);
      caller.request("logoutRoom", new JsonObject().put("roomID", "xg-call"));
      assertTrue(caller.login("xg-call-p2p", "caller", p2p).getBoolean("ok"));
      assertTrue(callee.login("xg-call-p2p", "callee", p2p).getBoolean("ok"));
      JsonObject answer = new JsonObject().put("type", "answer").put("sdp", "v=0");
      assertTrue(
          callee
              .request(
                  "sendSignal",
                  new JsonObject()
                      .put("roomID", "xg-call-p2p")
                      .put("kind", "answer")
                      .put("payload", answer))
              .getBoolean("ok"));
      assertEquals(answer, caller.awaitEvent("p2pSignal", "xg-call-p2p").getJsonObject("payload"));
    }
  }

  @Test
  void duplicateLoginAcrossGatewaysKicksTheOlderSession() {
    try (TestClient older = TestClient.connect(CLUSTER.vertx(), gateway1.httpPort);
        TestClient newer = TestClient.connect(CLUSTER.vertx(), gateway2.httpPort)) {
      assertTrue(TestCluster.loginWhenServed(older, "dup-x", "same", true).getBoolean("ok"));
      assertTrue(TestCluster.loginWhenServed(newer, "dup-x", "same", true).getBoolean("ok"));
      JsonObject kicked =
          older.awaitPush(p -> "KICKOUT".equals(p.getString("reason")), "KICKOUT on gateway 1");
      assertEquals(ErrorCode.KICKED_DUPLICATE_LOGIN.code(), kicked.getInteger("errorCode"));
    }
  }
}
