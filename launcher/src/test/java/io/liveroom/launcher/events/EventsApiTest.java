package io.liveroom.launcher.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestNode;
import io.liveroom.launcher.harness.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GET /v1/events on a single-process node: what members did, in order, paged, filtered, admin only.
 */
class EventsApiTest {
  @RegisterExtension
  static final TestNode NODE = new TestNode("gateway.adminMaxPageSize=50", "events.broadcast=true");

  private static List<JsonObject> all(String query) throws Exception {
    List<JsonObject> out = new ArrayList<>();
    long after = 0;
    while (true) {
      JsonObject page = Admin.get(NODE.port(), "/v1/events?after=" + after + "&limit=3" + query);
      JsonArray events = page.getJsonArray("events");
      events.forEach(e -> out.add((JsonObject) e));
      if (page.getLong("next") == after
          || events.isEmpty() && page.getLong("next") >= page.getLong("lastSeq")) {
        return out;
      }
      after = page.getLong("next");
    }
  }

  @Test
  void membersActionsAreReplayedInOrderWithReasons() throws Exception {
    TestClient alice = NODE.connect();
    TestClient bob = NODE.connect();
    TestClient carol = NODE.connect();
    assertTrue(alice.login("ev-1", "alice", true).getBoolean("ok"));
    assertTrue(bob.login("ev-1", "bob", true).getBoolean("ok"));
    assertTrue(carol.login("ev-2", "carol", true).getBoolean("ok"));
    assertTrue(
        alice
            .request(
                "sendBroadcastMessage", new JsonObject().put("roomID", "ev-1").put("message", "hi"))
            .getBoolean("ok"));
    Admin.post(
        NODE.port(),
        "/v1/rooms/ev-1/kick",
        new JsonObject().put("userIDs", new JsonArray().add("bob")));
    assertTrue(
        alice.request("logoutRoom", new JsonObject().put("roomID", "ev-1")).getBoolean("ok"));
    List<String> room1 =
        all("&roomID=ev-1").stream()
            .map(
                e ->
                    e.getString("type")
                        + (e.containsKey("reason") ? " " + e.getString("reason") : "")
                        + (e.containsKey("userID") ? " " + e.getString("userID") : "")
                        + (e.containsKey("fromUserID") ? " " + e.getString("fromUserID") : ""))
            .toList();
    assertEquals(
        List.of(
            "room.created",
            "user.joined alice",
            "user.joined bob",
            "message.broadcast alice",
            "user.left kicked bob",
            "user.left logout alice",
            "room.closed empty"),
        room1);
    List<JsonObject> everything = all("");
    for (int i = 1; i < everything.size(); i++) {
      assertEquals(
          everything.get(i - 1).getLong("seq") + 1, everything.get(i).getLong("seq"), "no gap");
    }
    assertTrue(everything.stream().anyMatch(e -> "ev-2".equals(e.getString("roomID"))));
    JsonObject first = everything.get(0);
    assertTrue(first.getLong("time") > 0 && !first.getString("id").isEmpty());
    for (TestClient c : new TestClient[] {alice, bob, carol}) {
      c.close();
    }
  }

  @Test
  void theReplayApiIsAdminOnlyAndChecksItsParameters() throws Exception {
    assertEquals(401, Admin.status(NODE.port(), "GET", "/v1/events", null, null));
    assertEquals(401, Admin.status(NODE.port(), "GET", "/v1/events", null, "Bearer wrong"));
    assertEquals(
        200, Admin.status(NODE.port(), "GET", "/v1/events?limit=50", null, TestTokens.admin()));
    for (String bad : new String[] {"limit=51", "limit=0", "after=-1", "after=x", "limit=1e3"}) {
      JsonObject error =
          Admin.call(NODE.port(), "GET", "/v1/events?" + bad, null, TestTokens.admin(), 400);
      assertEquals("INVALID_FIELD", error.getJsonObject("error").getString("name"), bad);
    }
    JsonObject empty = Admin.get(NODE.port(), "/v1/events?after=" + Long.MAX_VALUE / 2);
    assertEquals(0, empty.getJsonArray("events").size());
    assertTrue(empty.getLong("oldestSeq") > 0);
  }
}
