package io.liveroom.infra.contracts;

/** A session leaves a room. Only the session that holds the membership can end it. */
public record LogoutRoom(String roomId, String userId, String sessionId) {}
