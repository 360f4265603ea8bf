package io.liveroom.infra.contracts;

/** Asks {@link Addresses#PRESENCE_ROOM_COUNT_GET} for one room's counts: a {@link RoomCount}. */
public record RoomCountQuery(String roomId) {}
