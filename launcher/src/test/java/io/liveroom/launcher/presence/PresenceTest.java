package io.liveroom.launcher.presence;

import static io.liveroom.launcher.harness.Replies.errorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.NodeProcess;
import io.liveroom.launcher.harness.Replies;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestNode;
import io.liveroom.launcher.harness.TestTokens;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Online counts (pushed and queried) and the admin IM and presence endpoints, single process. */
class PresenceTest {
  private static RunningNode node;
  private static int port;

  @RegisterExtension
  static final TestNode NODE =
      new TestNode(
          Map.of(
              "presence.reportIntervalMs",
              "100",
              "presence.viewMaxAgeMs",
              "0",
              "presence.pushIntervalMs",
              "200",
              "gateway.reconnectGraceMs",
              "800"));

  @BeforeAll
  static void start() throws Exception {
    node = NODE.node();
    port = node.httpPort();
  }

  /**
   * Polls {@code probe} until it equals {@code expected} (10 s deadline); returns the last value.
   */
  static <T> T eventually(T expected, Supplier<T> probe, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    T last = probe.get();
    while (!expected.equals(last) && System.nanoTime() < deadline) {
      NodeProcess.pause(20);
      last = probe.get();
    }
    assertEquals(expected, last, what);
    return last;
  }

  private static JsonObject count(TestClient c, String room) {
    JsonObject r = c.request("getOnlineCount", new JsonObject().put("roomID", room));
    assertTrue(r.getBoolean("ok"), r::encode);
    return r;
  }

  private static JsonObject admin(String path) {
    try {
      return Admin.get(port, path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The count in the latest roomOnlineUserCountUpdate a client got for a room (null: none yet). */
  private static Integer latestPushedCount(TestClient c, String room) {
    var pushes =
        c.pushes("roomOnlineUserCountUpdate").stream()
            .filter(p -> room.equals(p.getString("roomID")))
            .toList();
    return pushes.isEmpty() ? null : pushes.get(pushes.size() - 1).getInteger("count");
  }

  @Test
  void countsArePushedOnChangeAndQueriedExactly() throws Exception {
    try (TestClient a = TestClient.connect(NODE.vertx(), port);
        TestClient b = TestClient.connect(NODE.vertx(), port)) {
      assertTrue(a.login("pc", "pc-a", false).getBoolean("ok"));
      eventually(1, () -> count(a, "pc").getInteger("count"), "count of one");
      assertEquals(1, count(a, "pc").getInteger("sessions"));
      eventually(1, () -> latestPushedCount(a, "pc"), "push of 1");
      assertTrue(b.login("pc", "pc-b", false).getBoolean("ok"));
      eventually(2, () -> latestPushedCount(a, "pc"), "push of 2 to a");
      eventually(2, () -> latestPushedCount(b, "pc"), "push of 2 to b");
      assertEquals(2, count(b, "pc").getInteger("count"));
      assertEquals(2, count(b, "pc").getInteger("sessions"));
      int pushesAt2 = a.pushes("roomOnlineUserCountUpdate").size();

      JsonObject online = admin("/v1/rooms/pc/online");
      assertEquals(new JsonObject().put("roomID", "pc").put("count", 2).put("sessions", 2), online);
      JsonObject where = admin("/v1/users/pc-b/presence");
      assertEquals(true, where.getBoolean("online"));
      assertEquals("pc", where.getJsonArray("where").getJsonObject(0).getString("roomID"));
      assertEquals(
          node.node().id(), where.getJsonArray("where").getJsonObject(0).getString("gatewayID"));
      assertEquals(false, admin("/v1/users/nobody-here/presence").getBoolean("online"));
      JsonObject summary = admin("/v1/online?top=1");
      assertTrue(
          summary.getInteger("totalSessions") >= 2 && summary.getInteger("distinctUsers") >= 2,
          summary::encode);
      assertEquals(1, summary.getJsonArray("top").size());
      assertTrue(
          summary.getJsonArray("top").getJsonObject(0).getInteger("count") >= 2, summary::encode);

      // no change, no push: wait three push rounds
      NodeProcess.pause(600);
      assertEquals(
          pushesAt2, a.pushes("roomOnlineUserCountUpdate").size(), "a push without a change");

      b.request("logoutRoom", new JsonObject().put("roomID", "pc"));
      eventually(1, () -> latestPushedCount(a, "pc"), "push of 1 after b left");
      eventually(1, () -> count(a, "pc").getInteger("count"), "count after b left");
    }
  }

  @Test
  void aParkedSessionStaysOnlineUntilItsGraceEnds() {
    try (TestClient a = TestClient.connect(NODE.vertx(), port)) {
      TestClient b = TestClient.connect(NODE.vertx(), port);
      assertTrue(a.login("park", "park-a", true).getBoolean("ok"));
      assertTrue(b.login("park", "park-b", false).getBoolean("ok"));
      eventually(2, () -> count(a, "park").getInteger("count"), "both online");
      a.awaitPush(p -> Replies.isAddOf(p, "park-b"), "park-b ADD");
      b.drop();
      // parked (grace 800 ms): still counted; then it expires and leaves
      assertEquals(2, count(a, "park").getInteger("count"));
      eventually(1, () -> count(a, "park").getInteger("count"), "the parked session expired");
      assertEquals("DELETE", a.awaitEvent("roomUserUpdate", "park").getString("updateType"));
    }
  }

  @Test
  void adminEndpointsSendAndReadImAndCounts() throws Exception {
    try (TestClient a = TestClient.connect(NODE.vertx(), port)) {
      assertTrue(a.login("adm", "adm-a", false).getBoolean("ok"));
      JsonObject sent =
          Admin.post(port, "/v1/rooms/adm/broadcast", new JsonObject().put("message", "notice"));
      assertEquals("adm", sent.getString("roomID"));
      JsonObject got =
          a.awaitEvent("IMRecvBroadcastMessage", "adm").getJsonArray("chatData").getJsonObject(0);
      assertEquals(sent.getLong("messageID"), got.getLong("messageID"));
      assertEquals(
          new JsonObject().put("userID", "$server").put("userName", "$server"),
          got.getJsonObject("fromUser"));
      Admin.post(
          port,
          "/v1/rooms/adm/broadcast",
          new JsonObject()
              .put("message", "second")
              .put("fromUserID", "host")
              .put("fromUserName", "The Host"));
      JsonObject second =
          a.awaitEvent("IMRecvBroadcastMessage", "adm").getJsonArray("chatData").getJsonObject(0);
      assertEquals("The Host", second.getJsonObject("fromUser").getString("userName"));
      Admin.post(port, "/v1/rooms/adm/barrage", new JsonObject().put("message", "wave"));
      assertEquals(
          "wave",
          a.awaitEvent("IMRecvBarrageMessage", "adm")
              .getJsonArray("chatData")
              .getJsonObject(0)
              .getString("message"));

      JsonObject history =
          Admin.get(port, "/v1/rooms/adm/messages?afterSeq=" + sent.getLong("messageID"));
      assertEquals(1, history.getJsonArray("chatData").size());
      assertEquals(
          "second", history.getJsonArray("chatData").getJsonObject(0).getString("message"));
      assertEquals(sent.getLong("messageID") + 1, history.getLong("lastSeq"));
      assertEquals(2, Admin.get(port, "/v1/rooms/adm/messages").getJsonArray("chatData").size());
      assertEquals(
          1, Admin.get(port, "/v1/rooms/adm/messages?limit=1").getJsonArray("chatData").size());
      eventually(1, () -> admin("/v1/rooms/adm/online").getInteger("count"), "admin room count");

      String body = new JsonObject().put("message", "x").encode();
      assertEquals(401, Admin.status(port, "POST", "/v1/rooms/adm/broadcast", body, null));
      assertEquals(401, Admin.status(port, "GET", "/v1/online", null, "Bearer wrong"));
      JsonObject empty =
          Admin.call(
              port,
              "POST",
              "/v1/rooms/adm/broadcast",
              "{\"message\":\"\"}",
              TestTokens.admin(),
              400);
      assertEquals(ErrorCode.MESSAGE_EMPTY.code(), empty.getJsonObject("error").getInteger("code"));
      JsonObject large =
          Admin.call(
              port,
              "POST",
              "/v1/rooms/adm/barrage",
              new JsonObject().put("message", "y".repeat(2000)).encode(),
              TestTokens.admin(),
              413);
      assertEquals(
          ErrorCode.MESSAGE_TOO_LARGE.code(), large.getJsonObject("error").getInteger("code"));
      assertEquals(
          400,
          Admin.status(
              port, "GET", "/v1/rooms/adm/messages?afterSeq=-4", null, TestTokens.admin()));
      assertEquals(
          400,
          Admin.status(port, "POST", "/v1/rooms/adm/broadcast", "not json", TestTokens.admin()));
      assertEquals(
          400,
          Admin.status(
              port,
              "POST",
              "/v1/rooms/adm/broadcast",
              new JsonObject().put("message", "m").put("fromUserID", "bad id!").encode(),
              TestTokens.admin()));
      assertEquals(
          ErrorCode.INVALID_FIELD.code(),
          errorCode(
              a.request(
                  "getMessages", new JsonObject().put("roomID", "adm").put("limit", "many"))));
    }
  }
}
