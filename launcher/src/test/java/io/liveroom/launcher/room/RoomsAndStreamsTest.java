package io.liveroom.launcher.room;

import static io.liveroom.launcher.harness.Replies.errorCode;
import static io.liveroom.launcher.harness.Replies.isAddOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.auth.Privilege;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestNode;
import io.liveroom.launcher.harness.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tokens, streams, extra info, large rooms and p2p rooms, single process, real WebSocket clients.
 */
class RoomsAndStreamsTest {
  private static RunningNode node;
  private static int port;

  @RegisterExtension
  static final TestNode NODE =
      new TestNode(
          Map.of(
              "room.largeRoomThreshold",
              "3",
              "room.maxExtraInfoKeys",
              "2",
              "room.maxExtraInfoValueBytes",
              "16",
              "gateway.maxStreamsPerSession",
              "2",
              "gateway.turnUrls",
              "turn:turn.example.test:3478",
              "gateway.turnSecret",
              "coturn-secret",
              "gateway.iceServers",
              "stun:stun.example.test:3478",
              "gateway.simulcastLayers",
              "3"));

  @BeforeAll
  static void start() throws Exception {
    node = NODE.node();
    port = node.httpPort();
  }

  private static JsonObject loginWith(TestClient c, String room, String user, String token) {
    return c.loginWithToken(room, user, token, null);
  }

  @Test
  void everyTokenProblemHasItsOwnCode() {
    try (TestClient c = TestClient.connect(NODE.vertx(), port)) {
      assertEquals(
          ErrorCode.TOKEN_MISSING.code(),
          errorCode(
              c.request(
                  "loginRoom",
                  new JsonObject()
                      .put("roomID", "t")
                      .put("user", new JsonObject().put("userID", "u")))));
      assertEquals(
          ErrorCode.TOKEN_MALFORMED.code(), errorCode(loginWith(c, "t", "u", "not-a-jwt")));
      String good = TestTokens.token("u", "t", false);
      String tampered =
          good.substring(0, good.lastIndexOf('.') + 1)
              + "AAAA"
              + good.substring(good.lastIndexOf('.') + 5);
      assertEquals(
          ErrorCode.TOKEN_BAD_SIGNATURE.code(), errorCode(loginWith(c, "t", "u", tampered)));
      assertEquals(
          ErrorCode.TOKEN_WRONG_USER.code(), errorCode(loginWith(c, "t", "someone-else", good)));
      assertEquals(
          ErrorCode.TOKEN_WRONG_ROOM.code(), errorCode(loginWith(c, "other-room", "u", good)));
      String noLogin = TestTokens.token("u", "t", EnumSet.of(Privilege.PUBLISH), null, 600);
      assertEquals(
          ErrorCode.TOKEN_NO_LOGIN_PRIVILEGE.code(), errorCode(loginWith(c, "t", "u", noLogin)));
      assertTrue(loginWith(c, "t", "u", good).getBoolean("ok"));
      assertEquals(
          ErrorCode.TOKEN_NO_PUBLISH_PRIVILEGE.code(),
          errorCode(c.request("startPublishingStream", new JsonObject().put("streamID", "t-cam"))));
    }
    try (TestClient c = TestClient.connect(NODE.vertx(), port)) {
      String anyRoomOneStream =
          TestTokens.token(
              "w", "*", EnumSet.of(Privilege.LOGIN, Privilege.PUBLISH), List.of("w-cam"), 600);
      assertTrue(loginWith(c, "wild", "w", anyRoomOneStream).getBoolean("ok"));
      assertEquals(
          ErrorCode.TOKEN_STREAM_NOT_ALLOWED.code(),
          errorCode(
              c.request("startPublishingStream", new JsonObject().put("streamID", "w-other"))));
      assertTrue(
          c.request("startPublishingStream", new JsonObject().put("streamID", "w-cam"))
              .getBoolean("ok"));
    }
  }

  @Test
  void streamsAreRegisteredAnnouncedAndRemovedWithTheirPublisher() {
    try (TestClient alice = TestClient.connect(NODE.vertx(), port);
        TestClient bob = TestClient.connect(NODE.vertx(), port)) {
      alice.login("show", "alice", true);
      bob.login("show", "bob", true);
      JsonObject pub =
          alice.request(
              "startPublishingStream",
              new JsonObject().put("streamID", "alice-cam").put("extraInfo", "{\"camera\":true}"));
      assertTrue(pub.getBoolean("ok"), pub::encode);
      JsonObject add = bob.awaitEvent("roomStreamUpdate", "show");
      assertEquals("ADD", add.getString("updateType"));
      JsonObject stream = add.getJsonArray("streamList").getJsonObject(0);
      assertEquals("alice-cam", stream.getString("streamID"));
      assertEquals("alice", stream.getJsonObject("user").getString("userID"));
      assertEquals("{\"camera\":true}", stream.getString("extraInfo"));

      // streamIDs are unique deployment-wide
      assertEquals(
          ErrorCode.STREAM_ID_TAKEN.code(),
          errorCode(
              bob.request("startPublishingStream", new JsonObject().put("streamID", "alice-cam"))));
      assertEquals(
          ErrorCode.STREAM_NOT_FOUND.code(),
          errorCode(
              bob.request("stopPublishingStream", new JsonObject().put("streamID", "alice-cam"))));

      // a late joiner finds the stream in its login reply
      try (TestClient carol = TestClient.connect(NODE.vertx(), port)) {
        JsonObject login = carol.login("show", "carol", true);
        assertEquals(
            "alice-cam", login.getJsonArray("streamList").getJsonObject(0).getString("streamID"));
      }

      assertTrue(
          alice
              .request(
                  "setStreamExtraInfo",
                  new JsonObject().put("streamID", "alice-cam").put("extraInfo", "muted"))
              .getBoolean("ok"));
      JsonObject extra = bob.awaitEvent("roomStreamExtraInfoUpdate", "show");
      assertEquals(
          "muted", extra.getJsonArray("streamList").getJsonObject(0).getString("extraInfo"));

      // the publisher's own mute of a track: every member hears of it, bad input is refused
      assertTrue(
          alice
              .request(
                  "muteStreamTrack",
                  new JsonObject()
                      .put("streamID", "alice-cam")
                      .put("kind", "video")
                      .put("muted", true))
              .getBoolean("ok"));
      JsonObject muted = bob.awaitEvent("roomStreamTrackUpdate", "show");
      assertEquals("alice-cam", muted.getString("streamID"));
      assertEquals("alice", muted.getString("userID"));
      assertEquals("video", muted.getString("kind"));
      assertTrue(muted.getBoolean("muted"));
      assertEquals(
          ErrorCode.INVALID_FIELD.code(),
          errorCode(
              alice.request(
                  "muteStreamTrack",
                  new JsonObject()
                      .put("streamID", "alice-cam")
                      .put("kind", "screen")
                      .put("muted", true))));
      assertEquals(
          ErrorCode.STREAM_NOT_FOUND.code(),
          errorCode(
              bob.request(
                  "muteStreamTrack",
                  new JsonObject()
                      .put("streamID", "alice-cam")
                      .put("kind", "audio")
                      .put("muted", true))));

      assertTrue(
          alice
              .request("startPublishingStream", new JsonObject().put("streamID", "alice-screen"))
              .getBoolean("ok"));
      bob.awaitEvent("roomStreamUpdate", "show");
      assertEquals(
          ErrorCode.TOO_MANY_STREAMS.code(),
          errorCode(
              alice.request(
                  "startPublishingStream", new JsonObject().put("streamID", "alice-third"))));
      assertTrue(
          alice
              .request("stopPublishingStream", new JsonObject().put("streamID", "alice-screen"))
              .getBoolean("ok"));
      assertEquals("DELETE", bob.awaitEvent("roomStreamUpdate", "show").getString("updateType"));

      // logging out removes the user's remaining streams
      alice.request("logoutRoom", new JsonObject().put("roomID", "show"));
      JsonObject gone =
          bob.awaitPush(
              p ->
                  "roomStreamUpdate".equals(p.getString("event"))
                      && "DELETE".equals(p.getString("updateType")),
              "alice-cam DELETE");
      assertEquals(
          "alice-cam", gone.getJsonArray("streamList").getJsonObject(0).getString("streamID"));
      assertTrue(
          alice.pushes("roomStreamUpdate").isEmpty(),
          "the publisher does not get its own stream events");
    }
  }

  @Test
  void roomExtraInfoIsLimitedAndPushedWithTheUpdater() {
    try (TestClient alice = TestClient.connect(NODE.vertx(), port);
        TestClient bob = TestClient.connect(NODE.vertx(), port)) {
      alice.login("extra", "alice", false);
      bob.login("extra", "bob", false);
      JsonObject set =
          alice.request(
              "setRoomExtraInfo",
              new JsonObject().put("roomID", "extra").put("key", "topic").put("value", "music"));
      assertTrue(set.getBoolean("ok"), set::encode);
      JsonObject update = bob.awaitEvent("roomExtraInfoUpdate", "extra");
      JsonObject info = update.getJsonArray("roomExtraInfoList").getJsonObject(0);
      assertEquals("topic", info.getString("key"));
      assertEquals("music", info.getString("value"));
      assertEquals("alice", info.getJsonObject("updateUser").getString("userID"));
      assertEquals(set.getLong("updateTime"), info.getLong("updateTime"));

      assertEquals(
          ErrorCode.EXTRA_INFO_TOO_LARGE.code(),
          errorCode(
              alice.request(
                  "setRoomExtraInfo",
                  new JsonObject()
                      .put("roomID", "extra")
                      .put("key", "k")
                      .put("value", "x".repeat(17)))));
      assertTrue(
          alice
              .request(
                  "setRoomExtraInfo",
                  new JsonObject().put("roomID", "extra").put("key", "k2").put("value", "v"))
              .getBoolean("ok"));
      assertEquals(
          ErrorCode.EXTRA_INFO_TOO_MANY_KEYS.code(),
          errorCode(
              alice.request(
                  "setRoomExtraInfo",
                  new JsonObject().put("roomID", "extra").put("key", "k3").put("value", "v"))));
      try (TestClient carol = TestClient.connect(NODE.vertx(), port)) {
        JsonArray list = carol.login("extra", "carol", false).getJsonArray("roomExtraInfoList");
        assertEquals(2, list.size(), list::encode);
      }
    }
  }

  @Test
  void largeRoomsStopFanningOutMembersButCountExactly() throws Exception {
    TestClient[] members = new TestClient[5];
    try {
      for (int i = 0; i < members.length; i++) {
        members[i] = TestClient.connect(NODE.vertx(), port);
        JsonObject login = members[i].login("arena", "fan" + i, true);
        assertTrue(login.getBoolean("ok"), login::encode);
        assertEquals(i + 1 > 3, login.getBoolean("largeRoom"), login::encode);
        assertEquals(i + 1 > 3, login.getValue("userList") == null, login::encode);
      }
      // fan0 saw fan1 and fan2 join (2 and 3 members), never fan3 or fan4 (above the threshold of
      // 3)
      members[0].awaitPush(p -> isAddOf(p, "fan2"), "fan2 ADD");
      JsonObject users = Admin.get(port, "/v1/rooms/arena/users?limit=10");
      assertEquals(5, users.getInteger("total"), users::encode);
      assertEquals(5, users.getJsonArray("users").size());
      members[1].awaitPush(p -> isAddOf(p, "fan2"), "fan2 ADD at fan1");
      assertTrue(
          members[0].pushes("roomUserUpdate").stream()
              .noneMatch(p -> p.encode().contains("fan3") || p.encode().contains("fan4")),
          () -> members[0].pushes("roomUserUpdate").toString());
    } finally {
      for (TestClient c : members) {
        if (c != null) {
          c.close();
        }
      }
    }
  }

  /** A roomUserUpdate ADD listing {@code userId} (joins close together arrive as one push). */
  @Test
  void p2pRoomsHoldTwoAndRelaySignalsWithIceServers() {
    JsonObject p2p = new JsonObject().put("mode", "p2p").put("userUpdate", true);
    try (TestClient caller = TestClient.connect(NODE.vertx(), port);
        TestClient callee = TestClient.connect(NODE.vertx(), port);
        TestClient third = TestClient.connect(NODE.vertx(), port)) {
      JsonObject first = caller.login("call-1", "caller", p2p);
      assertTrue(first.getBoolean("ok"), first::encode);
      assertEquals(
          3, first.getInteger("simulcastLayers"), "the room's simulcast setting reaches the SDK");
      JsonArray ice = first.getJsonArray("iceServers");
      assertEquals(
          "stun:stun.example.test:3478", ice.getJsonObject(0).getJsonArray("urls").getString(0));
      JsonObject turn = ice.getJsonObject(1);
      String username = turn.getString("username");
      assertTrue(username.endsWith(":caller"), username);
      long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
      assertTrue(expiry > System.currentTimeMillis() / 1000 + 3600, username);
      assertEquals(expectedTurnCredential("coturn-secret", username), turn.getString("credential"));

      assertTrue(callee.login("call-1", "callee", p2p).getBoolean("ok"));
      assertEquals(ErrorCode.ROOM_FULL.code(), errorCode(third.login("call-1", "third", p2p)));
      assertEquals(
          ErrorCode.ROOM_MODE_MISMATCH.code(), errorCode(third.login("call-1", "third", true)));

      JsonObject offer = new JsonObject().put("type", "offer").put("sdp", "v=0\r\n");
      JsonObject sent =
          caller.request(
              "sendSignal",
              new JsonObject().put("roomID", "call-1").put("kind", "offer").put("payload", offer));
      assertEquals(new JsonArray().add("callee"), sent.getJsonArray("deliveredTo"), sent::encode);
      JsonObject received = callee.awaitEvent("p2pSignal", "call-1");
      assertEquals("caller", received.getString("fromUserID"));
      assertEquals("offer", received.getString("kind"));
      assertEquals(offer, received.getJsonObject("payload"));
      callee.request(
          "sendSignal",
          new JsonObject()
              .put("roomID", "call-1")
              .put("kind", "candidate")
              .put(
                  "payload",
                  new JsonObject()
                      .put("candidate", "candidate:1 1 udp 1 10.99.0.1 5000 typ host")));
      assertEquals("candidate", caller.awaitEvent("p2pSignal", "call-1").getString("kind"));
      assertEquals(
          ErrorCode.INVALID_FIELD.code(),
          errorCode(
              caller.request(
                  "sendSignal", new JsonObject().put("roomID", "call-1").put("kind", "telegram"))));
    }
    try (TestClient live = TestClient.connect(NODE.vertx(), port)) {
      live.login("not-p2p", "x", true);
      assertEquals(
          ErrorCode.NOT_P2P_ROOM.code(),
          errorCode(
              live.request(
                  "sendSignal",
                  new JsonObject()
                      .put("roomID", "not-p2p")
                      .put("kind", "offer")
                      .put("payload", "x"))));
    }
  }

  static String expectedTurnCredential(String secret, String username) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
      mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(), "HmacSHA1"));
      return java.util.Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes()));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void adminApiNeedsTheSecretAndKicks() throws Exception {
    assertEquals(401, Admin.status(port, "GET", "/v1/rooms", null, "Bearer wrong"));
    assertEquals(401, Admin.status(port, "GET", "/v1/rooms", null, null));
    try (TestClient alice = TestClient.connect(NODE.vertx(), port);
        TestClient bob = TestClient.connect(NODE.vertx(), port)) {
      alice.login("kick-me", "alice", true);
      bob.login("kick-me", "bob", true);
      alice.awaitEvent("roomUserUpdate", "kick-me");
      JsonObject rooms = Admin.get(port, "/v1/rooms?limit=1000");
      assertTrue(
          rooms.getJsonArray("rooms").stream()
              .map(o -> (JsonObject) o)
              .anyMatch(
                  r -> r.getString("roomID").equals("kick-me") && r.getInteger("members") == 2),
          rooms::encode);
      JsonObject result =
          Admin.post(
              port,
              "/v1/rooms/kick-me/kick",
              new JsonObject()
                  .put("userIDs", new JsonArray().add("bob").add("nobody"))
                  .put("reason", "spam"));
      assertEquals(new JsonArray().add("bob"), result.getJsonArray("kicked"));
      assertEquals(new JsonArray().add("nobody"), result.getJsonArray("notInRoom"));
      JsonObject kicked = bob.awaitEvent("roomStateChanged", "kick-me");
      assertTrue(
          kicked.getString("reason").equals("LOGINED")
              || kicked.getString("reason").equals("KICKOUT"));
      JsonObject kickout =
          kicked.getString("reason").equals("KICKOUT")
              ? kicked
              : bob.awaitEvent("roomStateChanged", "kick-me");
      assertEquals(ErrorCode.KICKED_BY_ADMIN.code(), kickout.getInteger("errorCode"));
      assertEquals("spam", kickout.getString("extendedData"));
      assertEquals("DELETE", alice.awaitEvent("roomUserUpdate", "kick-me").getString("updateType"));
      assertEquals(
          400,
          Admin.status(
              port, "POST", "/v1/rooms/kick-me/kick", "{\"userIDs\": []}", TestTokens.admin()));
      assertEquals(
          404, Admin.status(port, "GET", "/v1/rooms/never-opened/users", null, TestTokens.admin()));
    }
  }

  @Test
  void devTokenRouteMintsTokensThatLogIn() throws Exception {
    JsonObject minted = Admin.get(port, "/dev/token?userID=dev-user&roomID=dev-room");
    try (TestClient c = TestClient.connect(NODE.vertx(), port)) {
      assertTrue(loginWith(c, "dev-room", "dev-user", minted.getString("token")).getBoolean("ok"));
    }
  }
}
