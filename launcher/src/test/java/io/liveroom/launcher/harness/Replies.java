package io.liveroom.launcher.harness;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;

/** Small protocol steps and reply checks shared by the launcher's tests. */
public final class Replies {
  private Replies() {}

  /** The error code of a reply that must be an error. */
  public static int errorCode(JsonObject reply) {
    assertFalse(reply.getBoolean("ok"), () -> "expected an error, got " + reply);
    return reply.getJsonObject("error").getInteger("code");
  }

  /** Whether a push is a {@code roomUserUpdate} ADD naming {@code userId}. */
  public static boolean isAddOf(JsonObject push, String userId) {
    return "roomUserUpdate".equals(push.getString("event"))
        && "ADD".equals(push.getString("updateType"))
        && push.getJsonArray("userList").stream()
            .anyMatch(u -> userId.equals(((JsonObject) u).getString("userID")));
  }

  /**
   * Resumes the session a {@code sessionOpened} push ({@code opened}) announced, on client {@code
   * c}.
   */
  public static JsonObject resume(TestClient c, JsonObject opened) {
    return c.request(
        "resume",
        new JsonObject()
            .put("sessionID", opened.getString("sessionID"))
            .put("resumeToken", opened.getString("resumeToken")));
  }
}
