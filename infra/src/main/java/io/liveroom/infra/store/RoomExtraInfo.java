package io.liveroom.infra.store;

/** One key of a room's extra info, with who set it and when. */
public record RoomExtraInfo(
    String key, String value, String updateUserId, String updateUserName, long updateTime) {}
