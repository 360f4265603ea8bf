package io.liveroom.infra.contracts;

/** Asks {@link Addresses#PRESENCE_USER_GET} where a user is online: a {@link UserPresence}. */
public record UserPresenceQuery(String userId) {}
