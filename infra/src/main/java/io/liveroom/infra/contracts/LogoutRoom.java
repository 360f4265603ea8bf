package io.liveroom.infra.contracts;

/**
 * A session leaves a room. Only the session that holds the membership can end it. {@code reason}:
 * the {@code user.left} reason word ({@link EventPayload.LeaveReason#wire()}), null: logout. {@code
 * heldThrough} non-null: only if the session still holds the membership through that gateway (the
 * gateway that handed a parked session over to another one, see {@link SessionTakenOver}, ends it
 * when the resume never reached room-service).
 */
public record LogoutRoom(
    String roomId, String userId, String sessionId, String reason, String heldThrough) {
  public LogoutRoom(String roomId, String userId, String sessionId) {
    this(roomId, userId, sessionId, null, null);
  }

  public LogoutRoom(String roomId, String userId, String sessionId, String reason) {
    this(roomId, userId, sessionId, reason, null);
  }
}
