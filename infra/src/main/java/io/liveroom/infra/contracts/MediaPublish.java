package io.liveroom.infra.contracts;

/** Asks a media node to accept a publisher's SDP offer for {@code streamId}; replied with {@link MediaAnswer}. */
public record MediaPublish(String streamId, String offerSdp) {}
