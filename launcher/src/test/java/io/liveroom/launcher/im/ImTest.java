package io.liveroom.launcher.im;

import static io.liveroom.launcher.harness.Replies.errorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IM over the gateway, single process: broadcast, replay, merged barrage, custom commands, limits.
 */
class ImTest {

  @RegisterExtension
  static final TestNode NODE =
      new TestNode(
          "chat.barrageTickMs=300",
          "chat.barrageMaxBatch=1000",
          "chat.broadcastUserPerSecond=20",
          "chat.broadcastRoomPerSecond=40",
          "chat.barrageUserPerSecond=20",
          "chat.barrageRoomBudgetPerSecond=60",
          "chat.commandUserPerSecond=10",
          "chat.commandRoomPerSecond=20",
          "chat.maxCommandRecipients=3",
          "gateway.requestsPerSecond=1000",
          "gateway.requestBurst=1000");

  static JsonObject broadcast(TestClient c, String room, String text) {
    return c.request(
        "sendBroadcastMessage", new JsonObject().put("roomID", room).put("message", text));
  }

  static JsonObject barrage(TestClient c, String room, String text) {
    return c.request(
        "sendBarrageMessage", new JsonObject().put("roomID", room).put("message", text));
  }

  /** Collects the chatData items of {@code event} pushes in a room until {@code n} arrived. */
  static List<JsonObject> receive(TestClient c, String event, String room, int n) {
    List<JsonObject> out = new ArrayList<>();
    while (out.size() < n) {
      JsonArray items = c.awaitEvent(event, room).getJsonArray("chatData");
      items.forEach(item -> out.add((JsonObject) item));
    }
    assertEquals(n, out.size(), "more " + event + " items than sent");
    return out;
  }

  private static List<TestClient> members(String room, int n) {
    List<TestClient> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TestClient c = NODE.connect();
      assertTrue(c.login(room, room + "-u" + i, false).getBoolean("ok"));
      out.add(c);
    }
    return out;
  }

  private static void closeAll(List<TestClient> cs) {
    cs.forEach(TestClient::close);
  }

  @Test
  void broadcastReachesEveryMemberSenderIncludedInSequenceOrder() {
    List<TestClient> room = members("bc", 4);
    try {
      List<JsonObject> replies = new ArrayList<>();
      for (int i = 0; i < 15; i++) {
        JsonObject reply = broadcast(room.get(i % 3), "bc", "hello " + i);
        assertTrue(reply.getBoolean("ok"), reply::encode);
        assertEquals("bc", reply.getString("roomID"));
        replies.add(reply);
      }
      long first = replies.get(0).getLong("messageID");
      for (TestClient c : room) {
        List<JsonObject> got = receive(c, "IMRecvBroadcastMessage", "bc", 15);
        for (int i = 0; i < 15; i++) {
          JsonObject data = got.get(i);
          assertEquals(first + i, data.getLong("messageID"), "seq order without gaps");
          assertEquals(replies.get(i).getLong("messageID"), data.getLong("messageID"));
          assertEquals(replies.get(i).getLong("sendTime"), data.getLong("sendTime"));
          assertEquals("hello " + i, data.getString("message"));
          assertEquals(
              new JsonObject()
                  .put("userID", "bc-u" + (i % 3))
                  .put("userName", "name-bc-u" + (i % 3)),
              data.getJsonObject("fromUser"));
        }
      }
    } finally {
      closeAll(room);
    }
  }

  @Test
  void getMessagesReplaysAGapPageByPage() {
    List<TestClient> room = members("replay", 2);
    try (TestClient outsider = NODE.connect()) {
      long firstSeq = 0;
      for (int i = 0; i < 12; i++) {
        long seq = broadcast(room.get(0), "replay", "m" + i).getLong("messageID");
        firstSeq = i == 0 ? seq : firstSeq;
      }
      // the reader saw up to firstSeq + 3 and asks for the rest, 5 at a time
      long after = firstSeq + 3;
      List<JsonObject> replayed = new ArrayList<>();
      JsonObject page;
      do {
        page =
            room.get(1)
                .request(
                    "getMessages",
                    new JsonObject()
                        .put("roomID", "replay")
                        .put("afterSeq", after)
                        .put("limit", 5));
        assertTrue(page.getBoolean("ok"), page::encode);
        assertEquals(firstSeq + 11, page.getLong("lastSeq"));
        assertTrue(page.getLong("oldestSeq") <= firstSeq);
        page.getJsonArray("chatData").forEach(d -> replayed.add((JsonObject) d));
        after = replayed.get(replayed.size() - 1).getLong("messageID");
        assertTrue(page.getJsonArray("chatData").size() <= 5);
      } while (after < page.getLong("lastSeq"));
      assertEquals(8, replayed.size());
      for (int i = 0; i < 8; i++) {
        assertEquals(firstSeq + 4 + i, replayed.get(i).getLong("messageID"));
        assertEquals("m" + (4 + i), replayed.get(i).getString("message"));
        assertEquals("replay-u0", replayed.get(i).getJsonObject("fromUser").getString("userID"));
      }
      assertTrue(outsider.login("elsewhere", "nosy", false).getBoolean("ok"));
      assertEquals(
          ErrorCode.NOT_LOGGED_IN.code(),
          errorCode(
              outsider.request(
                  "getMessages", new JsonObject().put("roomID", "replay").put("afterSeq", 0))));
      assertEquals(
          ErrorCode.INVALID_FIELD.code(),
          errorCode(
              room.get(1)
                  .request(
                      "getMessages",
                      new JsonObject().put("roomID", "replay").put("afterSeq", -1))));
    } finally {
      closeAll(room);
    }
  }

  @Test
  void barrageSentInsideOneTickArrivesAsOneEvent() {
    List<TestClient> room = members("merge", 3);
    try {
      // a first message marks a tick: the next tick is ~300 ms after its push arrives
      assertTrue(barrage(room.get(0), "merge", "tick").getBoolean("ok"));
      for (TestClient c : room) {
        assertEquals(
            "tick",
            c.awaitEvent("IMRecvBarrageMessage", "merge")
                .getJsonArray("chatData")
                .getJsonObject(0)
                .getString("message"));
      }
      int n = 12;
      for (int i = 0; i < n; i++) { // pipelined: all inside one tick
        room.get(i % 2)
            .sendRawNoReply(
                new JsonObject()
                    .put("id", "b" + i)
                    .put("type", "sendBarrageMessage")
                    .put("roomID", "merge")
                    .put("message", "b" + i)
                    .encode());
      }
      for (TestClient c : room) {
        JsonObject event = c.awaitEvent("IMRecvBarrageMessage", "merge");
        JsonArray items = event.getJsonArray("chatData");
        assertEquals(n, items.size(), () -> "one event with every message: " + event);
        List<String> fromU0 = new ArrayList<>();
        List<String> fromU1 = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          JsonObject item = items.getJsonObject(i);
          String from = item.getJsonObject("fromUser").getString("userID");
          (from.equals("merge-u0") ? fromU0 : fromU1).add(item.getString("message"));
          assertTrue(item.getLong("messageID") > 0 && item.getLong("sendTime") > 0);
        }
        // each sender's messages in the order it sent them (two sockets: no order between them)
        assertEquals(List.of("b0", "b2", "b4", "b6", "b8", "b10"), fromU0);
        assertEquals(List.of("b1", "b3", "b5", "b7", "b9", "b11"), fromU1);
        assertEquals(
            n, items.stream().map(o -> ((JsonObject) o).getString("message")).distinct().count());
      }
    } finally {
      closeAll(room);
    }
  }

  @Test
  void customCommandReachesOnlyTheListedMembers() {
    List<TestClient> room = members("cc", 4);
    try (TestClient stranger = NODE.connect()) {
      assertTrue(stranger.login("cc-other", "cc-u3-elsewhere", false).getBoolean("ok"));
      JsonObject reply =
          room.get(0)
              .request(
                  "sendCustomCommand",
                  new JsonObject()
                      .put("roomID", "cc")
                      .put("command", "{\"op\":\"mute\"}")
                      .put(
                          "toUserIDs",
                          new JsonArray().add("cc-u1").add("ghost").add("cc-u2").add("cc-u1")));
      assertTrue(reply.getBoolean("ok"), reply::encode);
      assertEquals(new JsonArray().add("ghost"), reply.getJsonArray("notInRoom"));
      for (int i : new int[] {1, 2}) {
        JsonObject got = room.get(i).awaitEvent("IMRecvCustomCommand", "cc");
        assertEquals("{\"op\":\"mute\"}", got.getString("command"));
        assertEquals(
            new JsonObject().put("userID", "cc-u0").put("userName", "name-cc-u0"),
            got.getJsonObject("fromUser"));
      }
      // a second command to cc-u3 only: the first command cc-u3 ever sees is this one
      room.get(0)
          .request(
              "sendCustomCommand",
              new JsonObject()
                  .put("roomID", "cc")
                  .put("command", "marker")
                  .put("toUserIDs", new JsonArray().add("cc-u3")));
      assertEquals(
          "marker", room.get(3).awaitEvent("IMRecvCustomCommand", "cc").getString("command"));
      for (TestClient c : List.of(room.get(0), room.get(1), room.get(2), room.get(3), stranger)) {
        assertTrue(
            c.pushes("IMRecvCustomCommand").isEmpty(),
            () -> "unexpected: " + c.pushes("IMRecvCustomCommand"));
      }
    } finally {
      closeAll(room);
    }
  }

  @Test
  void everyImLimitHasItsOwnCode() {
    List<TestClient> room = members("lim", 6);
    try (TestClient outsider = NODE.connect()) {
      TestClient a = room.get(0);
      assertEquals(ErrorCode.MESSAGE_EMPTY.code(), errorCode(broadcast(a, "lim", "")));
      assertEquals(
          ErrorCode.MESSAGE_EMPTY.code(),
          errorCode(a.request("sendBarrageMessage", new JsonObject().put("roomID", "lim"))));
      assertEquals(
          ErrorCode.MESSAGE_TOO_LARGE.code(), errorCode(broadcast(a, "lim", "x".repeat(1025))));
      assertEquals(
          ErrorCode.MESSAGE_TOO_LARGE.code(),
          errorCode(barrage(a, "lim", "\u20ac".repeat(342))),
          "1026 bytes of UTF-8 in 342 characters");
      assertTrue(broadcast(a, "lim", "\u20ac".repeat(341)).getBoolean("ok"), "1023 bytes fit");
      assertEquals(
          ErrorCode.INVALID_FIELD.code(),
          errorCode(
              a.request(
                  "sendBroadcastMessage",
                  new JsonObject().put("roomID", "lim").put("message", 42))));
      assertEquals(
          ErrorCode.MESSAGE_EMPTY.code(),
          errorCode(
              a.request(
                  "sendCustomCommand",
                  new JsonObject()
                      .put("roomID", "lim")
                      .put("command", "")
                      .put("toUserIDs", new JsonArray().add("lim-u1")))));
      assertEquals(
          ErrorCode.TOO_MANY_RECIPIENTS.code(),
          errorCode(
              a.request(
                  "sendCustomCommand",
                  new JsonObject()
                      .put("roomID", "lim")
                      .put("command", "c")
                      .put("toUserIDs", new JsonArray().add("a").add("b").add("c").add("d")))));
      assertEquals(
          ErrorCode.INVALID_FIELD.code(),
          errorCode(
              a.request(
                  "sendCustomCommand",
                  new JsonObject()
                      .put("roomID", "lim")
                      .put("command", "c")
                      .put("toUserIDs", new JsonArray()))));
      assertTrue(outsider.login("lim-elsewhere", "lim-out", false).getBoolean("ok"));
      for (String type :
          List.of("sendBroadcastMessage", "sendBarrageMessage", "getOnlineCount", "getMessages")) {
        assertEquals(
            ErrorCode.NOT_LOGGED_IN.code(),
            errorCode(
                outsider.request(type, new JsonObject().put("roomID", "lim").put("message", "hi"))),
            type);
      }
      assertEquals(
          ErrorCode.NOT_LOGGED_IN.code(),
          errorCode(
              outsider.request(
                  "sendCustomCommand",
                  new JsonObject()
                      .put("roomID", "lim")
                      .put("command", "hi")
                      .put("toUserIDs", new JsonArray().add("lim-u0")))));

      assertFirstRefusal(
          ErrorCode.BROADCAST_USER_RATE_LIMITED,
          15,
          60,
          i -> broadcast(room.get(1), "lim", "u" + i));
      assertFirstRefusal(
          ErrorCode.BARRAGE_USER_RATE_LIMITED, 15, 60, i -> barrage(room.get(1), "lim", "u" + i));
      assertFirstRefusal(
          ErrorCode.COMMAND_USER_RATE_LIMITED,
          8,
          40,
          i ->
              room.get(1)
                  .request(
                      "sendCustomCommand",
                      new JsonObject()
                          .put("roomID", "lim")
                          .put("command", "c")
                          .put("toUserIDs", new JsonArray().add("lim-u0"))));
    } finally {
      closeAll(room);
    }
    List<TestClient> busy = members("lim-room", 6);
    try {
      // spread over six users (each under its own rate): the room's rate refuses first
      assertFirstRefusal(
          ErrorCode.BROADCAST_ROOM_RATE_LIMITED,
          30,
          80,
          i -> broadcast(busy.get(i % 6), "lim-room", "r" + i));
      assertFirstRefusal(
          ErrorCode.BARRAGE_THROTTLED, 50, 120, i -> barrage(busy.get(i % 6), "lim-room", "r" + i));
      assertFirstRefusal(
          ErrorCode.COMMAND_ROOM_RATE_LIMITED,
          15,
          60,
          i ->
              busy.get(i % 6)
                  .request(
                      "sendCustomCommand",
                      new JsonObject()
                          .put("roomID", "lim-room")
                          .put("command", "c")
                          .put("toUserIDs", new JsonArray().add("x"))));
    } finally {
      closeAll(busy);
    }
  }

  /**
   * Sends until refused: at least {@code minOk} go through, the refusal has {@code code}, within
   * {@code max}.
   */
  private static void assertFirstRefusal(
      ErrorCode code, int minOk, int max, Function<Integer, JsonObject> send) {
    for (int i = 0; i < max; i++) {
      JsonObject reply = send.apply(i);
      if (!reply.getBoolean("ok")) {
        assertEquals(code.code(), reply.getJsonObject("error").getInteger("code"), reply::encode);
        assertTrue(i >= minOk, () -> code + " after only " + reply);
        return;
      }
    }
    throw new AssertionError(code + " never came in " + max + " sends");
  }
}
