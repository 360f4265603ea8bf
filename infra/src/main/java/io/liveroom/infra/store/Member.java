package io.liveroom.infra.store;

/** One user's membership of one room, held by one session on one gateway. */
public record Member(
    String roomId,
    String userId,
    String userName,
    String sessionId,
    String gatewayId,
    long joinedAt) {

  /**
   * The same membership (user, room, join time) held by another session or through another gateway.
   */
  public Member heldBy(String sessionId, String gatewayId) {
    return new Member(roomId, userId, userName, sessionId, gatewayId, joinedAt);
  }
}
