package io.liveroom.launcher.room;

import static io.liveroom.launcher.harness.Replies.errorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.auth.Privilege;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestNode;
import io.liveroom.launcher.harness.TestTokens;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Token lifetimes of seats (issue 21 item 8): tokenWillExpire before exp, renewToken, the kick at
 * exp (others see DELETE), and requests refused with TOKEN_EXPIRED once the token expired. Real
 * WebSocket clients on a single-process node with no clock skew, a 2 s warning lead, and a check
 * every 100 ms; a second node never checks, to show requests are refused before any check runs.
 */
class TokenExpiryTest {
  private static final EnumSet<Privilege> PUBLISH = EnumSet.of(Privilege.LOGIN, Privilege.PUBLISH);

  @RegisterExtension
  static final TestNode NODE =
      new TestNode(
          Map.of(
              "auth.clockSkewSeconds",
              "0",
              "gateway.tokenWillExpireSeconds",
              "2",
              "gateway.tokenCheckMs",
              "100"));

  @RegisterExtension
  static final TestNode UNCHECKED_NODE =
      new TestNode(
          Map.of(
              "auth.clockSkewSeconds",
              "0",
              "gateway.tokenWillExpireSeconds",
              "0",
              "gateway.tokenCheckMs",
              "60000"));

  private static JsonObject login(TestClient c, String room, String user, String token) {
    return c.loginWithToken(room, user, token, new JsonObject().put("userUpdate", true));
  }

  /**
   * Logs {@code user} in with a token granting publish that expires in {@code ttlSeconds}; returns
   * its exp (epoch seconds).
   */
  private static long loginExpiringIn(TestClient c, String room, String user, long ttlSeconds) {
    long exp = expOf(ttlSeconds);
    assertTrue(
        login(c, room, user, TestTokens.token(user, room, PUBLISH, null, ttlSeconds))
            .getBoolean("ok"));
    return exp;
  }

  /** The exp (epoch seconds) of a token minted now with this ttl, as TestTokens mints it. */
  private static long expOf(long ttlSeconds) {
    return TestTokens.DEV.nowSeconds() + ttlSeconds;
  }

  /**
   * Waits until the wall clock is past {@code epochSeconds} (not an assertion: tokens expire by the
   * clock).
   */
  private static void waitPast(long epochSeconds) throws InterruptedException {
    while (System.currentTimeMillis() < epochSeconds * 1000 + 50) {
      Thread.sleep(20);
    }
  }

  @Test
  void withoutRenewalTheSeatIsWarnedThenKickedAndOthersSeeItLeave() {
    try (TestClient alice = NODE.connect();
        TestClient bob = NODE.connect()) {
      assertTrue(
          login(bob, "expiry-kick", "bob", TestTokens.token("bob", "expiry-kick", true))
              .getBoolean("ok"));
      long exp = loginExpiringIn(alice, "expiry-kick", "alice", 4);
      bob.awaitPush(
          p ->
              "roomUserUpdate".equals(p.getString("event"))
                  && "ADD".equals(p.getString("updateType")),
          "alice's ADD");

      JsonObject warning = alice.awaitEvent("tokenWillExpire", "expiry-kick");
      long warnedAt = System.currentTimeMillis() / 1000;
      assertTrue(
          warnedAt >= exp - 2, "warned at " + warnedAt + ", more than 2 s before exp " + exp);
      long remaining = warning.getLong("remainingSeconds");
      assertTrue(remaining >= 0 && remaining <= 2, warning::encode);

      JsonObject kick =
          alice.awaitPush(
              p ->
                  "roomStateChanged".equals(p.getString("event"))
                      && "KICKOUT".equals(p.getString("reason")),
              "KICKOUT");
      assertEquals("expiry-kick", kick.getString("roomID"));
      assertEquals(ErrorCode.TOKEN_EXPIRED.code(), kick.getInteger("errorCode"));
      assertTrue(System.currentTimeMillis() >= exp * 1000, "kicked only at exp");
      JsonObject left =
          bob.awaitPush(
              p ->
                  "roomUserUpdate".equals(p.getString("event"))
                      && "DELETE".equals(p.getString("updateType")),
              "alice's DELETE");
      assertEquals("alice", left.getJsonArray("userList").getJsonObject(0).getString("userID"));
      assertEquals(
          ErrorCode.NOT_LOGGED_IN.code(),
          errorCode(
              alice.request(
                  "sendBroadcastMessage",
                  new JsonObject().put("roomID", "expiry-kick").put("message", "still here?"))));
      assertEquals(0, alice.takePushes("tokenWillExpire").size(), "one warning per token");
    }
  }

  @Test
  void aRenewedTokenKeepsTheSeatPastTheOldExpiryAndItsPrivilegesApply() throws Exception {
    try (TestClient alice = NODE.connect()) {
      long exp = loginExpiringIn(alice, "expiry-renew", "alice", 3);
      alice.awaitEvent("tokenWillExpire", "expiry-renew");
      JsonObject renew = new JsonObject().put("roomID", "expiry-renew");
      assertEquals(
          ErrorCode.TOKEN_WRONG_USER.code(),
          errorCode(
              alice.request(
                  "renewToken",
                  renew.copy().put("token", TestTokens.token("mallory", "expiry-renew", true)))));
      assertEquals(
          ErrorCode.TOKEN_WRONG_ROOM.code(),
          errorCode(
              alice.request(
                  "renewToken",
                  renew.copy().put("token", TestTokens.token("alice", "elsewhere", true)))));
      // the renewed token grants login only: no more publishing
      String loginOnly =
          TestTokens.token("alice", "expiry-renew", EnumSet.of(Privilege.LOGIN), null, 3600);
      JsonObject renewed = alice.request("renewToken", renew.copy().put("token", loginOnly));
      assertTrue(renewed.getBoolean("ok"), renewed::encode);
      assertTrue(renewed.getLong("expiresAt") > exp + 3000);

      waitPast(exp + 1);
      assertTrue(
          alice
              .request(
                  "sendBroadcastMessage",
                  new JsonObject().put("roomID", "expiry-renew").put("message", "still here"))
              .getBoolean("ok"),
          "the seat outlived its first token");
      assertEquals(
          List.of(),
          alice.pushes("roomStateChanged").stream()
              .filter(p -> "KICKOUT".equals(p.getString("reason")))
              .toList());
      assertEquals(
          ErrorCode.TOKEN_NO_PUBLISH_PRIVILEGE.code(),
          errorCode(
              alice.request(
                  "startPublishingStream",
                  new JsonObject().put("roomID", "expiry-renew").put("streamID", "alice-cam"))));
    }
  }

  @Test
  void requestsOfAnExpiredSeatAreRefusedBeforeAnyCheckRuns() throws Exception {
    try (TestClient alice = UNCHECKED_NODE.connect()) {
      long exp = loginExpiringIn(alice, "expiry-refuse", "alice", 2);
      assertTrue(
          alice
              .request(
                  "startPublishingStream",
                  new JsonObject().put("roomID", "expiry-refuse").put("streamID", "alice-before"))
              .getBoolean("ok"),
          "publishing works while the token is valid");

      waitPast(exp);
      JsonObject room = new JsonObject().put("roomID", "expiry-refuse");
      assertEquals(
          ErrorCode.TOKEN_EXPIRED.code(),
          errorCode(
              alice.request("startPublishingStream", room.copy().put("streamID", "alice-cam"))));
      assertEquals(
          ErrorCode.TOKEN_EXPIRED.code(),
          errorCode(alice.request("sendBroadcastMessage", room.copy().put("message", "hi"))));
      assertEquals(
          ErrorCode.TOKEN_EXPIRED.code(),
          errorCode(
              alice.request("setRoomExtraInfo", room.copy().put("key", "k").put("value", "v"))));
      assertEquals(
          ErrorCode.TOKEN_EXPIRED.code(),
          errorCode(
              alice.request(
                  "renewToken",
                  room.copy().put("token", TestTokens.token("alice", "expiry-refuse", true)))),
          "too late to renew");
      assertTrue(alice.request("logoutRoom", room).getBoolean("ok"), "leaving still works");
    }
  }
}
