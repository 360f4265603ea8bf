package io.liveroom.infra.contracts;

/** Asks room-service for the media-node registry ({@link Addresses#ROOM_MEDIA_NODES}). */
public record MediaNodesQuery() {}
