package io.liveroom.infra.store;

/** One user's membership of one room, held by one session on one gateway. */
public record Member(
    String roomId,
    String userId,
    String userName,
    String sessionId,
    String gatewayId,
    long joinedAt) {}
