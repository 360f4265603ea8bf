package io.liveroom.infra.contracts;

/** Asks room-service for one room ({@link Addresses#ROOM_DETAIL}). */
public record RoomDetailQuery(String roomId) {}
