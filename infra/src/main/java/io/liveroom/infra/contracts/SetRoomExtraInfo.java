package io.liveroom.infra.contracts;

/** Sets one key of the room's extra info. */
public record SetRoomExtraInfo(
    String roomId, String userId, String userName, String sessionId, String key, String value) {}
