package io.liveroom.launcher.room;

import static io.liveroom.launcher.harness.Replies.errorCode;
import static io.liveroom.launcher.harness.Replies.isAddOf;
import static io.liveroom.launcher.harness.Replies.resume;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.launcher.harness.NodeProcess;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions beyond one socket: parking, resume within grace, expiry, heartbeats and floods. */
class SessionsTest {

  @RegisterExtension
  static final TestNode NODE =
      new TestNode(
          "gateway.reconnectGraceMs=1500",
          "gateway.heartbeatIntervalMs=200",
          "gateway.heartbeatTimeoutMs=3000",
          "gateway.requestsPerSecond=20",
          "gateway.requestBurst=20",
          "gateway.abuseRejectLimit=100");

  @Test
  void aDroppedSessionResumesWithItsRoomsAndStreamsAndNobodySeesChurn() {
    try (TestClient alice = NODE.connect();
        TestClient carol = NODE.connect()) {
      alice.login("resume-room", "alice", true);
      TestClient bob = NODE.connect();
      JsonObject opened = bob.opened();
      bob.login("resume-room", "bob", true);
      assertTrue(
          bob.request("startPublishingStream", new JsonObject().put("streamID", "bob-cam"))
              .getBoolean("ok"));
      alice.awaitEvent("roomStreamUpdate", "resume-room");
      alice.awaitPush(p -> isAddOf(p, "bob"), "bob ADD");
      bob.drop();

      carol.login("resume-room", "carol", true); // happens while bob is away
      try (TestClient bobAgain = NODE.connect()) {
        JsonObject resumed = resume(bobAgain, opened);
        assertTrue(resumed.getBoolean("ok"), resumed::encode);
        assertEquals(opened.getString("sessionID"), resumed.getString("sessionID"));
        JsonObject room = resumed.getJsonArray("rooms").getJsonObject(0);
        assertEquals("resume-room", room.getString("roomID"));
        assertTrue(
            room.getJsonArray("userList").encode().contains("carol"),
            "what bob missed comes fresh: " + room);
        assertEquals(
            "bob-cam", room.getJsonArray("streamList").getJsonObject(0).getString("streamID"));
        assertEquals(
            "RECONNECTED",
            bobAgain.awaitEvent("roomStateChanged", "resume-room").getString("reason"));

        // the resumed session is the old one: it still owns its stream
        assertTrue(
            bobAgain
                .request("stopPublishingStream", new JsonObject().put("streamID", "bob-cam"))
                .getBoolean("ok"));
        alice.awaitPush(
            p ->
                "roomStreamUpdate".equals(p.getString("event"))
                    && "DELETE".equals(p.getString("updateType")),
            "bob-cam DELETE");
        alice.awaitPush(p -> isAddOf(p, "carol"), "carol ADD");
        assertTrue(
            alice.pushes("roomUserUpdate").isEmpty(),
            () -> "churn: " + alice.pushes("roomUserUpdate"));
        // and its resume token was rotated: the old one no longer works
        try (TestClient thief = NODE.connect()) {
          assertEquals(ErrorCode.SESSION_NOT_RESUMABLE.code(), errorCode(resume(thief, opened)));
        }
      }
    }
  }

  @Test
  void aSessionNotResumedWithinGraceLeavesItsRooms() {
    try (TestClient alice = NODE.connect()) {
      alice.login("expire-room", "alice", true);
      TestClient bob = NODE.connect();
      JsonObject opened = bob.opened();
      bob.login("expire-room", "bob", true);
      bob.request("startPublishingStream", new JsonObject().put("streamID", "bob-expiring"));
      alice.awaitPush(p -> isAddOf(p, "bob"), "bob ADD");
      alice.awaitEvent("roomStreamUpdate", "expire-room");
      bob.drop();
      JsonObject streamGone = alice.awaitEvent("roomStreamUpdate", "expire-room");
      assertEquals("DELETE", streamGone.getString("updateType"));
      JsonObject userGone = alice.awaitEvent("roomUserUpdate", "expire-room");
      assertEquals("DELETE", userGone.getString("updateType"));
      try (TestClient late = NODE.connect()) {
        assertEquals(ErrorCode.SESSION_NOT_RESUMABLE.code(), errorCode(resume(late, opened)));
      }
    }
  }

  @Test
  void aWrongResumeTokenIsRefusedAndChangesNothing() {
    try (TestClient bob = NODE.connect()) {
      JsonObject opened = bob.opened();
      bob.login("wrong-token", "bob", false);
      bob.drop();
      try (TestClient other = NODE.connect()) {
        assertEquals(
            ErrorCode.SESSION_NOT_RESUMABLE.code(),
            errorCode(
                other.request(
                    "resume",
                    new JsonObject()
                        .put("sessionID", opened.getString("sessionID"))
                        .put("resumeToken", "guess"))));
        assertEquals(
            ErrorCode.INVALID_FIELD.code(), errorCode(other.request("resume", new JsonObject())));
        JsonObject ok = resume(other, opened);
        assertTrue(ok.getBoolean("ok"), ok::encode);
      }
    }
  }

  @Test
  void floodsAreRateLimitedThenClosed() {
    try (TestClient flooder = NODE.connect();
        TestClient calm = NODE.connect()) {
      int limited = 0;
      for (int i = 0; i < 60; i++) {
        JsonObject r = flooder.request("heartbeat", new JsonObject());
        if (!r.getBoolean("ok")) {
          assertEquals(ErrorCode.RATE_LIMITED.code(), r.getJsonObject("error").getInteger("code"));
          limited++;
        }
      }
      assertTrue(limited > 0, "60 requests at once exceed 20/s with a burst of 20");
      assertTrue(
          calm.request("heartbeat", new JsonObject()).getBoolean("ok"), "others are not slowed");
      for (int i = 0; i < 300 && !flooder.isClosed(); i++) {
        flooder.sendRawNoReply("{\"type\":\"heartbeat\"}");
      }
      flooder.awaitClosed(4029);
      assertTrue(calm.request("heartbeat", new JsonObject()).getBoolean("ok"));
    }
  }

  @Test
  void silentConnectionsAreClosedAfterTheHeartbeatTimeout() {
    try (TestClient silent = NODE.connect()) {
      JsonObject opened = silent.opened();
      assertEquals(3000, opened.getInteger("heartbeatTimeoutMs"));
      silent.awaitClosed(4000);
    }
  }

  @Test
  void heartbeatsKeepAConnectionOpen() {
    try (TestClient chatty = NODE.connect()) {
      long until = System.currentTimeMillis() + 4500;
      while (System.currentTimeMillis() < until) {
        assertTrue(
            chatty.request("heartbeat", new JsonObject()).getBoolean("ok"),
            "closed despite heartbeats");
        NodeProcess.pause(500);
      }
      assertTrue(!chatty.isClosed());
      JsonArray none = new JsonArray(chatty.pushes("roomStateChanged"));
      assertTrue(none.isEmpty());
    }
  }
}
