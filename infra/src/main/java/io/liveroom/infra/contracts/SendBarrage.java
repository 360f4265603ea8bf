package io.liveroom.infra.contracts;

/**
 * A member sends a best-effort barrage message -> {@link BarrageSent}. Sent to {@link
 * Addresses#CHAT_BARRAGE_SEND}. A {@code null} sessionId ({@link #fromServer}) is a server-side
 * send (admin API): no membership check, no per-user rate; the room budget applies.
 */
public record SendBarrage(
    String roomId, String userId, String userName, String sessionId, String message) {
  /** A send by the server itself (admin API) as {@code userId}: not a member, no session. */
  public static SendBarrage fromServer(
      String roomId, String userId, String userName, String message) {
    return new SendBarrage(roomId, userId, userName, null, message);
  }
}
