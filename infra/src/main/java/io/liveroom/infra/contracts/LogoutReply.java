package io.liveroom.infra.contracts;

/** Whether the session was a member and has been removed. */
public record LogoutReply(String roomId, boolean removed) {}
