package io.liveroom.infra.contracts;

/**
 * The origin {@code originNodeId} relays {@code streamId}: upstream RTCP (PLI, NACK, RR keepalive)
 * goes to {@code originHost}:{@code originPort} tagged {@code originTag}; {@code publisherOffer} is
 * the publisher's SDP offer, which the edge negotiates again to forward the same media.
 */
public record MediaRelayOpened(
    String originNodeId,
    String streamId,
    String originHost,
    int originPort,
    int originTag,
    String publisherOffer) {}
