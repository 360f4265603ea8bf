package io.liveroom.infra.contracts;

/**
 * A session asks to enter a room. {@code maxMemberCount} > 0 sets the room's cap when this
 * login creates the room; 0 keeps the configured default.
 */
public record LoginRoom(String roomId, String userId, String userName, String sessionId, String gatewayId,
    int maxMemberCount) {}
