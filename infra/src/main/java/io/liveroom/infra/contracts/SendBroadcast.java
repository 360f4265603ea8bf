package io.liveroom.infra.contracts;

/**
 * A member sends a reliable, sequenced broadcast to its room -> {@link BroadcastSent}. Sent to
 * {@link Addresses#CHAT_BROADCAST_SEND}. {@code sessionId} must hold the user's membership of the
 * room; a {@code null} sessionId ({@link #fromServer}) is a server-side send (admin API) that skips
 * the membership check and the per-user rate.
 */
public record SendBroadcast(
    String roomId, String userId, String userName, String sessionId, String message) {
  /** A send by the server itself (admin API) as {@code userId}: not a member, no session. */
  public static SendBroadcast fromServer(
      String roomId, String userId, String userName, String message) {
    return new SendBroadcast(roomId, userId, userName, null, message);
  }
}
