package io.liveroom.launcher.events;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.store.Member;
import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The event log's reconciliation on a running node: an event lost between a store change and its
 * append (as with a room-service instance killed just then, here the store changed directly) comes
 * back in the log: the lost user.left with reason stale, the lost user.joined.
 */
class ReconciliationTest {
  @RegisterExtension
  static final TestNode NODE =
      new TestNode("events.reconcileMs=200", "events.reconcileGraceMs=600");

  /** "type userID reason" of the room's membership events, in order. */
  private static List<String> members(String roomId) throws Exception {
    List<String> out = new ArrayList<>();
    JsonArray events =
        Admin.get(NODE.port(), "/v1/events?after=0&limit=1000&roomID=" + roomId)
            .getJsonArray("events");
    for (int i = 0; i < events.size(); i++) {
      JsonObject e = events.getJsonObject(i);
      if (e.getString("type").startsWith("user.")) {
        out.add(
            e.getString("type")
                + " "
                + e.getString("userID")
                + (e.containsKey("reason") ? " " + e.getString("reason") : ""));
      }
    }
    return out;
  }

  private static List<String> awaitMembers(String roomId, List<String> expected) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    List<String> seen = members(roomId);
    while (!seen.equals(expected) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      seen = members(roomId);
    }
    return seen;
  }

  @Test
  void aLostLeaveAndALostJoinComeBackInTheLog() throws Exception {
    TestClient alice = NODE.connect();
    String aliceSession = alice.opened().getString("sessionID");
    assertTrue(alice.login("rc-1", "alice", true).getBoolean("ok"));
    TestClient bob = NODE.connect();
    assertTrue(bob.login("rc-1", "bob", true).getBoolean("ok"));
    // alice's membership goes without its user.left; dave's comes without its user.joined
    NODE.node()
        .node()
        .stores()
        .membership()
        .leave("rc-1", "alice", aliceSession)
        .await(5, TimeUnit.SECONDS);
    NODE.node()
        .node()
        .stores()
        .membership()
        .join(new Member("rc-1", "dave", "Dave", "s-dave", "gw-x", 1), 0)
        .await(5, TimeUnit.SECONDS);
    List<String> expected =
        List.of(
            "user.joined alice", "user.joined bob", "user.left alice stale", "user.joined dave");
    List<String> seen = awaitMembers("rc-1", expected);
    assertTrue(seen.equals(expected), "expected " + expected + ", the log has " + seen);
    // nothing more comes: bob and dave are in both the store and the log
    assertTrue(bob.request("logoutRoom", new JsonObject().put("roomID", "rc-1")).getBoolean("ok"));
    List<String> after = new ArrayList<>(expected);
    after.add("user.left bob logout");
    seen = awaitMembers("rc-1", after);
    assertTrue(seen.equals(after), "expected " + after + ", the log has " + seen);
    alice.close();
    bob.close();
  }
}
