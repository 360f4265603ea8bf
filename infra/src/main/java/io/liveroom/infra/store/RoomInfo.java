package io.liveroom.infra.store;

/**
 * A room's settings, fixed by the login that opens it: {@code mode} "live" or "p2p", the member
 * cap, and when it was opened.
 */
public record RoomInfo(String roomId, String mode, int maxMembers, long createdAt) {
  public static final String LIVE = "live";
  public static final String P2P = "p2p";
}
