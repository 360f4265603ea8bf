package io.liveroom.infra.contracts;

/**
 * A session leaves a room. Only the session that holds the membership can end it. {@code reason}:
 * the {@code user.left} reason word ({@link EventPayload.LeaveReason#wire()}), null: logout.
 */
public record LogoutRoom(String roomId, String userId, String sessionId, String reason) {
  public LogoutRoom(String roomId, String userId, String sessionId) {
    this(roomId, userId, sessionId, null);
  }
}
