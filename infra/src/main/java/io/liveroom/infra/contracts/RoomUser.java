package io.liveroom.infra.contracts;

/** A room member as other members see it. */
public record RoomUser(String userId, String userName) {}
