package io.liveroom.launcher.serverapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.MediaStats;
import io.liveroom.infra.contracts.MediaStatsQuery;
import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.MediaSession;
import io.liveroom.launcher.harness.Replies;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestNodes;
import io.liveroom.launcher.harness.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server API against a real single-process node with real WebSocket clients and the Java WebRTC
 * client: close a room, stop a stream, commands, extra info, privileges, track mute, and bad input.
 */
class ServerApiTest {
  private static RunningNode node;
  private static Vertx clients;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.start(Map.of());
    port = node.httpPort();
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    clients.close().await(10, TimeUnit.SECONDS);
    node.stop().await(20, TimeUnit.SECONDS);
  }

  private static JsonObject push(TestClient c, String event, String key, Object value) {
    return c.awaitPush(
        p -> event.equals(p.getString("event")) && (key == null || value.equals(p.getValue(key))),
        event + (key == null ? "" : " with " + key + "=" + value));
  }

  /** The error of a refused admin call: its status and code; returns the message. */
  private static String refused(String method, String path, String body, int status, ErrorCode code)
      throws IOException {
    HttpResponse<String> r = Admin.send(port, method, path, body, TestTokens.admin());
    assertEquals(status, r.statusCode(), () -> method + " " + path + ": " + r.body());
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertEquals(code.code(), error.getInteger("code"), r::body);
    assertEquals(code.name(), error.getString("name"), r::body);
    return error.getString("message");
  }

  /** What the media node itself carries now (asked over the node's event bus). */
  private static MediaStats mediaOn(String nodeId) {
    try {
      return node.node()
          .bus()
          .request(Addresses.mediaStats(nodeId), new MediaStatsQuery(null), MediaStats.class)
          .await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static JsonObject call(String method, String path, JsonObject body) throws IOException {
    return Admin.call(
        port, method, path, body == null ? null : body.encode(), TestTokens.admin(), 200);
  }

  private static void login(TestClient c, String room, String user, boolean publish) {
    JsonObject reply =
        c.request(
            "loginRoom",
            new JsonObject()
                .put("roomID", room)
                .put("token", TestTokens.token(user, room, publish))
                .put("user", new JsonObject().put("userID", user).put("userName", "name-" + user)));
    assertTrue(reply.getBoolean("ok"), reply::encode);
  }

  @Test
  void closingARoomKicksEveryMemberStopsItsMediaAndTheRoomIsGone() throws Exception {
    try (TestClient alice = TestClient.connect(clients, port);
        TestClient bob = TestClient.connect(clients, port)) {
      login(alice, "close-r", "alice", true);
      login(bob, "close-r", "bob", false);
      try (MediaSession call = MediaSession.start(alice, bob, "close-r", "close-cam")) {
        String nodeId =
            call("GET", "/v1/rooms/close-r", null).getJsonObject("mediaNode").getString("nodeID");
        assertEquals(1, mediaOn(nodeId).streams().size());
        JsonObject closed = call("DELETE", "/v1/rooms/close-r?reason=maintenance%20window", null);
        assertEquals("close-r", closed.getString("roomID"));
        assertEquals(
            new JsonArray().add("alice").add("bob"),
            new JsonArray(closed.getJsonArray("kicked").stream().sorted().toList()));
        assertEquals(1, closed.getInteger("streams"));
        for (TestClient c : new TestClient[] {alice, bob}) {
          JsonObject kick = push(c, "roomStateChanged", "reason", "KICKOUT");
          assertEquals("close-r", kick.getString("roomID"));
          assertEquals(
              ErrorCode.KICKED_ROOM_CLOSED.code(), kick.getInteger("errorCode"), kick::encode);
          assertEquals("maintenance window", kick.getString("extendedData"));
        }
        // the media node closed the publisher peer (and so its player)
        long deadline = System.currentTimeMillis() + 10_000;
        while (!mediaOn(nodeId).streams().isEmpty()) {
          assertTrue(
              System.currentTimeMillis() < deadline,
              () -> "the node still carries " + mediaOn(nodeId));
          Thread.sleep(50);
        }
        refused("GET", "/v1/streams/close-cam/stats", null, 404, ErrorCode.STREAM_NOT_FOUND);
        JsonObject room = call("GET", "/v1/rooms/close-r", null);
        assertFalse(room.getBoolean("open"), room::encode);
        assertEquals(new JsonArray(), room.getJsonArray("streams"));
        refused("GET", "/v1/rooms/close-r/users", null, 404, ErrorCode.ROOM_NOT_FOUND);
        refused("DELETE", "/v1/rooms/close-r", null, 404, ErrorCode.ROOM_NOT_FOUND);
        // the kicked sessions are out: a request in the room fails
        assertEquals(
            ErrorCode.NOT_LOGGED_IN.code(),
            alice
                .request(
                    "startPublishingStream",
                    new JsonObject().put("roomID", "close-r").put("streamID", "again"))
                .getJsonObject("error")
                .getInteger("code"));
      }
    }
  }

  @Test
  void stoppingAStreamTellsPlayersAndPublisherAndClosesItsMedia() throws Exception {
    try (TestClient alice = TestClient.connect(clients, port);
        TestClient bob = TestClient.connect(clients, port)) {
      login(alice, "stop-r", "alice", true);
      login(bob, "stop-r", "bob", false);
      try (MediaSession call = MediaSession.start(alice, bob, "stop-r", "stop-cam")) {
        refused(
            "DELETE",
            "/v1/rooms/other-room/streams/stop-cam",
            null,
            404,
            ErrorCode.STREAM_NOT_FOUND);
        refused(
            "DELETE", "/v1/rooms/stop-r/streams/no-such", null, 404, ErrorCode.STREAM_NOT_FOUND);
        JsonObject stopped =
            call("DELETE", "/v1/rooms/stop-r/streams/stop-cam?reason=copyright", null);
        assertEquals("stop-cam", stopped.getString("streamID"));
        JsonObject delete = push(bob, "roomStreamUpdate", "updateType", "DELETE");
        assertEquals(
            "stop-cam", delete.getJsonArray("streamList").getJsonObject(0).getString("streamID"));
        push(bob, "playerStateUpdate", "state", "NO_PLAY");
        JsonObject told = push(alice, "publisherStateUpdate", "state", "NO_PUBLISH");
        assertEquals(
            ErrorCode.STREAM_STOPPED_BY_SERVER.code(), told.getInteger("errorCode"), told::encode);
        assertEquals("copyright", told.getString("extendedData"));
        assertEquals("stop-cam", told.getString("streamID"));
        refused("GET", "/v1/streams/stop-cam/stats", null, 404, ErrorCode.STREAM_NOT_FOUND);
        assertEquals(
            new JsonArray(), call("GET", "/v1/rooms/stop-r", null).getJsonArray("streams"));
        // the publisher is still in the room and may publish the streamID again
        assertTrue(
            alice
                .request("startPublishingStream", new JsonObject().put("streamID", "stop-cam"))
                .getBoolean("ok"));
      }
    }
  }

  @Test
  void commandsBroadcastsAndExtraInfoComeFromTheServerIdentity() throws Exception {
    try (TestClient alice = TestClient.connect(clients, port);
        TestClient bob = TestClient.connect(clients, port)) {
      login(alice, "cmd-r", "alice", false);
      login(bob, "cmd-r", "bob", false);
      JsonObject sent =
          call(
              "POST",
              "/v1/rooms/cmd-r/commands",
              new JsonObject()
                  .put("command", "{\"go\":1}")
                  .put("toUserIDs", new JsonArray().add("bob").add("ghost")));
      assertEquals(new JsonArray().add("ghost"), sent.getJsonArray("notInRoom"));
      JsonObject command = push(bob, "IMRecvCustomCommand", "roomID", "cmd-r");
      assertEquals("{\"go\":1}", command.getString("command"));
      assertEquals("$server", command.getJsonObject("fromUser").getString("userID"));
      assertTrue(
          alice.pushes("IMRecvCustomCommand").isEmpty(), "only the listed users get the command");

      call("POST", "/v1/rooms/cmd-r/broadcast", new JsonObject().put("message", "hello all"));
      JsonObject broadcast = push(alice, "IMRecvBroadcastMessage", "roomID", "cmd-r");
      assertEquals(
          "$server",
          broadcast
              .getJsonArray("chatData")
              .getJsonObject(0)
              .getJsonObject("fromUser")
              .getString("userID"));

      JsonObject set =
          call(
              "POST",
              "/v1/rooms/cmd-r/extraInfo",
              new JsonObject().put("key", "topic").put("value", "finals"));
      assertEquals("topic", set.getString("key"));
      for (TestClient c : new TestClient[] {alice, bob}) {
        JsonObject info =
            push(c, "roomExtraInfoUpdate", "roomID", "cmd-r")
                .getJsonArray("roomExtraInfoList")
                .getJsonObject(0);
        assertEquals("finals", info.getString("value"));
        assertEquals("$server", info.getJsonObject("updateUser").getString("userID"), info::encode);
      }

      refused(
          "POST",
          "/v1/rooms/no-room/commands",
          new JsonObject()
              .put("command", "x")
              .put("toUserIDs", new JsonArray().add("bob"))
              .encode(),
          404,
          ErrorCode.ROOM_NOT_FOUND);
      refused(
          "POST",
          "/v1/rooms/no-room/extraInfo",
          new JsonObject().put("key", "k").encode(),
          404,
          ErrorCode.ROOM_NOT_FOUND);
      assertTrue(
          refused(
                  "POST",
                  "/v1/rooms/cmd-r/commands",
                  new JsonObject()
                      .put("command", "x")
                      .put("toUserIDs", new JsonArray().add("bob").add("b<script>"))
                      .encode(),
                  400,
                  ErrorCode.INVALID_FIELD)
              .contains("toUserIDs[1]"));
      assertTrue(
          refused(
                  "POST",
                  "/v1/rooms/cmd-r/commands",
                  new JsonObject().put("toUserIDs", new JsonArray().add("bob")).encode(),
                  400,
                  ErrorCode.INVALID_FIELD)
              .contains("command"));
      assertTrue(
          refused(
                  "POST",
                  "/v1/rooms/cmd-r/extraInfo",
                  new JsonObject().put("key", 5).encode(),
                  400,
                  ErrorCode.INVALID_FIELD)
              .contains("key"));
    }
  }

  @Test
  void aPromotedViewerPublishesWithoutLoggingInAgainAndADemotionStopsItsStreams() throws Exception {
    try (TestClient viewer = TestClient.connect(clients, port);
        TestClient host = TestClient.connect(clients, port)) {
      login(viewer, "priv-r", "vic", false);
      login(host, "priv-r", "host", true);
      JsonObject refusedPublish =
          viewer.request("startPublishingStream", new JsonObject().put("streamID", "vic-cam"));
      assertEquals(
          ErrorCode.TOKEN_NO_PUBLISH_PRIVILEGE.code(),
          refusedPublish.getJsonObject("error").getInteger("code"));

      JsonObject promoted =
          call(
              "POST",
              "/v1/rooms/priv-r/users/vic/privileges",
              new JsonObject().put("publish", true));
      assertTrue(promoted.getJsonObject("privileges").getBoolean("publish"));
      JsonObject update = push(viewer, "roomPrivilegeUpdate", "roomID", "priv-r");
      assertTrue(update.getJsonObject("privileges").getBoolean("publish"), update::encode);
      try (MediaSession call = MediaSession.start(viewer, host, "priv-r", "vic-cam")) {
        JsonObject demoted =
            call(
                "POST",
                "/v1/rooms/priv-r/users/vic/privileges",
                new JsonObject().put("publish", false));
        assertEquals(1, demoted.getInteger("streamsStopped"));
        assertFalse(
            push(viewer, "roomPrivilegeUpdate", "roomID", "priv-r")
                .getJsonObject("privileges")
                .getBoolean("publish"));
        JsonObject told = push(viewer, "publisherStateUpdate", "state", "NO_PUBLISH");
        assertEquals(
            ErrorCode.PUBLISH_PRIVILEGE_REVOKED.code(), told.getInteger("errorCode"), told::encode);
        push(host, "roomStreamUpdate", "updateType", "DELETE");
        push(host, "playerStateUpdate", "state", "NO_PLAY");
        refused("GET", "/v1/streams/vic-cam/stats", null, 404, ErrorCode.STREAM_NOT_FOUND);
        assertEquals(
            ErrorCode.TOKEN_NO_PUBLISH_PRIVILEGE.code(),
            viewer
                .request("startPublishingStream", new JsonObject().put("streamID", "vic-cam"))
                .getJsonObject("error")
                .getInteger("code"));
      }
      refused(
          "POST",
          "/v1/rooms/priv-r/users/nobody/privileges",
          new JsonObject().put("publish", true).encode(),
          404,
          ErrorCode.USER_NOT_IN_ROOM);
      assertTrue(
          refused(
                  "POST",
                  "/v1/rooms/priv-r/users/vic/privileges",
                  new JsonObject().put("publish", "yes").encode(),
                  400,
                  ErrorCode.INVALID_FIELD)
              .contains("publish"));
    }
  }

  @Test
  void aPromotionOutlivesAReconnect() throws Exception {
    try (TestClient viewer = TestClient.connect(clients, port)) {
      JsonObject opened = viewer.opened();
      login(viewer, "priv-resume", "val", false);
      call(
          "POST",
          "/v1/rooms/priv-resume/users/val/privileges",
          new JsonObject().put("publish", true));
      push(viewer, "roomPrivilegeUpdate", "roomID", "priv-resume");
      viewer.drop();
      try (TestClient again = TestClient.connect(clients, port)) {
        JsonObject resumed = Replies.resume(again, opened);
        assertTrue(resumed.getBoolean("ok"), resumed::encode);
        JsonObject published =
            again.request("startPublishingStream", new JsonObject().put("streamID", "val-cam"));
        assertTrue(published.getBoolean("ok"), published::encode);
      }
    }
  }

  @Test
  void mutingATrackTellsThePublisherAndThePlayers() throws Exception {
    try (TestClient alice = TestClient.connect(clients, port);
        TestClient bob = TestClient.connect(clients, port)) {
      login(alice, "mute-r", "alice", true);
      login(bob, "mute-r", "bob", false);
      assertTrue(
          alice
              .request("startPublishingStream", new JsonObject().put("streamID", "mute-cam"))
              .getBoolean("ok"));
      push(bob, "roomStreamUpdate", "updateType", "ADD");
      JsonObject muted =
          call(
              "POST",
              "/v1/rooms/mute-r/streams/mute-cam/mute",
              new JsonObject().put("kind", "audio"));
      assertEquals("alice", muted.getString("userID"));
      assertTrue(muted.getBoolean("muted"));
      JsonObject told = push(alice, "publishTrackMuteUpdate", "streamID", "mute-cam");
      assertEquals("audio", told.getString("kind"));
      assertTrue(told.getBoolean("muted"));
      JsonObject seen = push(bob, "roomStreamTrackUpdate", "streamID", "mute-cam");
      assertEquals("audio", seen.getString("kind"));
      assertEquals("alice", seen.getString("userID"));
      assertTrue(seen.getBoolean("muted"));
      call(
          "POST",
          "/v1/rooms/mute-r/streams/mute-cam/mute",
          new JsonObject().put("kind", "audio").put("muted", false));
      assertFalse(
          push(alice, "publishTrackMuteUpdate", "streamID", "mute-cam").getBoolean("muted"));
      assertTrue(
          refused(
                  "POST",
                  "/v1/rooms/mute-r/streams/mute-cam/mute",
                  new JsonObject().put("kind", "smell").encode(),
                  400,
                  ErrorCode.INVALID_FIELD)
              .contains("kind"));
      refused(
          "POST",
          "/v1/rooms/mute-r/streams/none/mute",
          new JsonObject().put("kind", "video").encode(),
          404,
          ErrorCode.STREAM_NOT_FOUND);
    }
  }

  @Test
  void hostileInputIsRefusedNamingTheField() throws Exception {
    assertTrue(
        refused("DELETE", "/v1/rooms/bad%20room", null, 400, ErrorCode.INVALID_FIELD)
            .contains("roomID"));
    assertTrue(
        refused("DELETE", "/v1/rooms/r/streams/%3Cscript%3E", null, 400, ErrorCode.INVALID_FIELD)
            .contains("streamID"));
    assertTrue(
        refused("DELETE", "/v1/rooms/r?reason=a%0Ab", null, 400, ErrorCode.INVALID_FIELD)
            .contains("reason"));
    assertTrue(
        refused(
                "DELETE",
                "/v1/rooms/r?reason=" + "x".repeat(300),
                null,
                400,
                ErrorCode.INVALID_FIELD)
            .contains("reason"));
    assertTrue(
        refused(
                "POST",
                "/v1/rooms/r/users/u%22x/privileges",
                "{\"publish\":true}",
                400,
                ErrorCode.INVALID_FIELD)
            .contains("userID"));
    assertEquals(401, Admin.status(port, "DELETE", "/v1/rooms/r", null, null));
    assertEquals(401, Admin.status(port, "DELETE", "/v1/rooms/r", null, "Bearer wrong"));
  }
}
