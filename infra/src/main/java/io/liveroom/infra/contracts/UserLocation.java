package io.liveroom.infra.contracts;

/** One place a user is online: a room, through a gateway. */
public record UserLocation(String roomId, String gatewayId) {}
