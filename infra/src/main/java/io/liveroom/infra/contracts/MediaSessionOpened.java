package io.liveroom.infra.contracts;

/**
 * {@link OpenMediaSession} succeeded; {@code joined}: the session logged the user in (false: it
 * joined the user's presence).
 */
public record MediaSessionOpened(String roomId, boolean joined) {}
