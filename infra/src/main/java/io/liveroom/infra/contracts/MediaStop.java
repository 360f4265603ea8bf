package io.liveroom.infra.contracts;

/**
 * Stops a peer by {@code peerId}, or (peerId null) the publisher of {@code streamId} and so all its
 * players; replied with {@link MediaStopped}.
 */
public record MediaStop(String peerId, String streamId) {}
