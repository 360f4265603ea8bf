package io.liveroom.infra.contracts;

/** The key was set at {@code updateTime} (server clock). */
public record RoomExtraInfoSet(String roomId, String key, long updateTime) {}
