package io.liveroom.infra.contracts;

/** Asks room-service for a room's origin and edges; replied with {@link RoomCascade}. */
public record RoomCascadeQuery(String roomId) {}
