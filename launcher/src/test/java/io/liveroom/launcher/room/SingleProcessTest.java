package io.liveroom.launcher.room;

import static io.liveroom.launcher.harness.Replies.errorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestNode;
import io.liveroom.launcher.harness.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The walking skeleton end to end in one process: real WebSocket clients against the real node. */
class SingleProcessTest {

  @RegisterExtension
  static final TestNode NODE =
      new TestNode(
          "gateway.maxFrameBytes=2048",
          "gateway.maxRoomsPerSession=2",
          "gateway.reconnectGraceMs=300",
          "gateway.userUpdateBatchMs=300");

  @Test
  void loginPushesJoinAndLeaveToOthers() {
    try (TestClient alice = NODE.connect();
        TestClient bob = NODE.connect()) {
      JsonObject first = alice.login("room-a", "alice", true);
      assertTrue(first.getBoolean("ok"), first::encode);
      assertEquals(new JsonArray(), first.getJsonArray("userList"));
      alice.awaitEvent("roomStateChanged", "room-a");

      JsonObject second = bob.login("room-a", "bob", true);
      assertTrue(second.getBoolean("ok"), second::encode);
      assertEquals("alice", second.getJsonArray("userList").getJsonObject(0).getString("userID"));
      JsonObject logined = bob.awaitEvent("roomStateChanged", "room-a");
      assertEquals("LOGINED", logined.getString("reason"));

      JsonObject add = alice.awaitEvent("roomUserUpdate", "room-a");
      assertEquals("ADD", add.getString("updateType"));
      assertEquals("bob", add.getJsonArray("userList").getJsonObject(0).getString("userID"));
      assertEquals("name-bob", add.getJsonArray("userList").getJsonObject(0).getString("userName"));

      assertTrue(
          bob.request("logoutRoom", new JsonObject().put("roomID", "room-a")).getBoolean("ok"));
      JsonObject delete = alice.awaitEvent("roomUserUpdate", "room-a");
      assertEquals("DELETE", delete.getString("updateType"));
      assertEquals("bob", delete.getJsonArray("userList").getJsonObject(0).getString("userID"));
      assertTrue(bob.pushes("roomUserUpdate").isEmpty(), "bob never sees his own join or leave");
    }
  }

  @Test
  void aJoinStormReachesOthersInBatchedPushes() {
    java.util.List<TestClient> crowd = new java.util.ArrayList<>();
    try (TestClient watcher = NODE.connect()) {
      watcher.login("storm", "watcher", true);
      for (int i = 0; i < 12; i++) {
        TestClient c = NODE.connect();
        crowd.add(c);
        c.sendRawNoReply(
            new JsonObject()
                .put("id", 1)
                .put("type", "loginRoom")
                .put("roomID", "storm")
                .put("token", TestTokens.token("fan" + i, "storm", false))
                .put("user", new JsonObject().put("userID", "fan" + i))
                .encode());
      }
      java.util.Set<String> seen = new java.util.HashSet<>();
      int pushes = 0;
      while (seen.size() < 12) {
        JsonObject add = watcher.awaitEvent("roomUserUpdate", "storm");
        assertEquals("ADD", add.getString("updateType"));
        add.getJsonArray("userList").forEach(u -> seen.add(((JsonObject) u).getString("userID")));
        pushes++;
      }
      assertTrue(pushes < 12, "12 joins within the 300 ms window came in " + pushes + " pushes");
      System.out.println(
          "[SingleProcessTest] 12 concurrent joins reached a member in " + pushes + " push(es)");
    } finally {
      crowd.forEach(TestClient::close);
    }
  }

  @Test
  void aClosedSocketLeavesTheRoomWhenTheGracePeriodEnds() {
    try (TestClient alice = NODE.connect()) {
      alice.login("room-close", "alice", true);
      TestClient bob = NODE.connect();
      bob.login("room-close", "bob", true);
      alice.awaitEvent("roomUserUpdate", "room-close");
      bob.close();
      JsonObject delete = alice.awaitEvent("roomUserUpdate", "room-close");
      assertEquals("DELETE", delete.getString("updateType"));
    }
  }

  @Test
  void eventsStayInTheirRoom() {
    try (TestClient alice = NODE.connect();
        TestClient bob = NODE.connect();
        TestClient carol = NODE.connect()) {
      alice.login("iso-1", "alice", true);
      carol.login("iso-2", "carol", true);
      bob.login("iso-1", "bob", true);
      alice.awaitEvent("roomUserUpdate", "iso-1");
      // carol's next event is her own room's; nothing of iso-1 may come before it
      TestClient dave = NODE.connect();
      dave.login("iso-2", "dave", true);
      carol.awaitEvent("roomUserUpdate", "iso-2");
      assertTrue(
          carol.pushes("roomUserUpdate").isEmpty(),
          () -> "carol saw " + carol.pushes("roomUserUpdate"));
      dave.close();
    }
  }

  @Test
  void duplicateLoginKicksTheOlderSessionWithoutFlicker() {
    try (TestClient watcher = NODE.connect();
        TestClient first = NODE.connect();
        TestClient second = NODE.connect()) {
      watcher.login("dup", "watcher", true);
      first.login("dup", "same", true);
      watcher.awaitEvent("roomUserUpdate", "dup");
      assertTrue(second.login("dup", "same", true).getBoolean("ok"));
      JsonObject kicked = first.awaitPush(p -> "KICKOUT".equals(p.getString("reason")), "KICKOUT");
      assertEquals(ErrorCode.KICKED_DUPLICATE_LOGIN.code(), kicked.getInteger("errorCode"));
      // the kicked session is out of the room: its logout is refused, and the watcher saw no
      // DELETE/ADD
      assertEquals(
          ErrorCode.NOT_LOGGED_IN.code(),
          errorCode(first.request("logoutRoom", new JsonObject().put("roomID", "dup"))));
      TestClient probe = NODE.connect();
      JsonObject probeLogin = probe.login("dup", "probe", true);
      assertEquals(2, probeLogin.getJsonArray("userList").size(), probeLogin::encode);
      watcher.awaitPush(
          p ->
              "ADD".equals(p.getString("updateType"))
                  && "probe"
                      .equals(p.getJsonArray("userList").getJsonObject(0).getString("userID")),
          "probe's ADD");
      assertTrue(
          watcher.pushes("roomUserUpdate").isEmpty(),
          () -> "flicker: " + watcher.pushes("roomUserUpdate"));
      probe.close();
    }
  }

  @Test
  void roomCapIsEnforced() {
    try (TestClient a = NODE.connect();
        TestClient b = NODE.connect()) {
      JsonObject login = a.login("small", "a", new JsonObject().put("maxMemberCount", 1));
      assertTrue(login.getBoolean("ok"), login::encode);
      // the first login fixed the cap: a later login cannot raise it
      JsonObject full = b.login("small", "b", new JsonObject().put("maxMemberCount", 100));
      assertEquals(ErrorCode.ROOM_FULL.code(), errorCode(full));
    }
  }

  @Test
  void badInputGetsErrorCodesAndTheSocketStaysOpen() {
    try (TestClient c = NODE.connect()) {
      assertEquals(ErrorCode.MALFORMED_JSON.code(), errorCode(c.sendRaw("{not json")));
      assertEquals(ErrorCode.MALFORMED_JSON.code(), errorCode(c.sendRaw("[1,2]")));
      assertEquals(ErrorCode.UNKNOWN_TYPE.code(), errorCode(c.request("fly", new JsonObject())));
      assertEquals(
          ErrorCode.INVALID_FIELD.code(), errorCode(c.request("loginRoom", new JsonObject())));
      assertEquals(
          ErrorCode.INVALID_FIELD.code(),
          errorCode(
              c.request(
                  "loginRoom",
                  new JsonObject()
                      .put("roomID", "r")
                      .put("user", new JsonObject().put("userID", 42)))));
      assertEquals(
          ErrorCode.INVALID_FIELD.code(),
          errorCode(
              c.request(
                  "loginRoom",
                  new JsonObject()
                      .put("roomID", "x".repeat(500))
                      .put("user", new JsonObject().put("userID", "u")))));
      assertEquals(
          ErrorCode.INVALID_FIELD.code(),
          errorCode(
              c.request(
                  "loginRoom",
                  new JsonObject()
                      .put("roomID", "bad room!")
                      .put("user", new JsonObject().put("userID", "u")))));
      assertEquals(
          ErrorCode.FRAME_TOO_LARGE.code(),
          errorCode(
              c.sendRaw(
                  new JsonObject()
                      .put("type", "heartbeat")
                      .put("pad", "y".repeat(3000))
                      .encode())));
      assertEquals(
          ErrorCode.NOT_LOGGED_IN.code(),
          errorCode(c.request("logoutRoom", new JsonObject().put("roomID", "nowhere"))));
      assertTrue(c.request("heartbeat", new JsonObject()).getBoolean("ok"));
      assertFalse(c.isClosed());
    }
  }

  @Test
  void roomsPerConnectionAreCapped() {
    try (TestClient c = NODE.connect()) {
      assertTrue(c.login("multi-1", "u", false).getBoolean("ok"));
      assertEquals(ErrorCode.ALREADY_IN_ROOM.code(), errorCode(c.login("multi-1", "u", false)));
      assertTrue(c.login("multi-2", "u", false).getBoolean("ok"));
      assertEquals(ErrorCode.TOO_MANY_ROOMS.code(), errorCode(c.login("multi-3", "u", false)));
    }
  }
}
