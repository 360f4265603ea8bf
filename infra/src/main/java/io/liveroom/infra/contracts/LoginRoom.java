package io.liveroom.infra.contracts;

/**
 * A session asks to enter a room. {@code maxMemberCount} > 0 sets the room's cap when this login
 * opens the room (0: the configured default); {@code mode} is "live" or "p2p".
 */
public record LoginRoom(
    String roomId,
    String userId,
    String userName,
    String sessionId,
    String gatewayId,
    int maxMemberCount,
    String mode) {}
