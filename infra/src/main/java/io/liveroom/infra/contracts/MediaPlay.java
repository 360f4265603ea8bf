package io.liveroom.infra.contracts;

/**
 * Asks the media node hosting {@code streamId} to accept a player's SDP offer; replied with {@link
 * MediaAnswer}.
 */
public record MediaPlay(String streamId, String offerSdp) {}
