package io.liveroom.infra.contracts;

/** A page of a room's members, sorted by userID. */
public record ListUsers(String roomId, int offset, int limit) {}
