package io.liveroom.infra.contracts;

/**
 * A media-only session of a user in a room (a WHIP resource): an extra session of the user, never a
 * duplicate login. If the user is in the room already (over a WebSocket or another media session)
 * it joins that presence: nobody is kicked, nothing is announced. Otherwise it logs the user in
 * (members see ADD). Replied with {@link MediaSessionOpened}.
 */
public record OpenMediaSession(
    String roomId, String userId, String userName, String sessionId, String gatewayId) {
  /**
   * Session ids of media-only sessions start with this (gateways mint them, clients never choose
   * one).
   */
  public static final String ID_PREFIX = "whip-";

  public static boolean isMediaSession(String sessionId) {
    return sessionId != null && sessionId.startsWith(ID_PREFIX);
  }
}
