package io.liveroom.infra.contracts;

/** A page of open rooms, sorted by id. */
public record ListRooms(int offset, int limit) {}
