package io.liveroom.infra.contracts;

/** A room's online sessions and distinct users over every live gateway lease (0 and 0: nobody). */
public record RoomCount(String roomId, int sessions, int users) {}
