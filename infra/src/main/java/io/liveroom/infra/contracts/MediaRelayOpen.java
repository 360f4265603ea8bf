package io.liveroom.infra.contracts;

/**
 * An edge asks the origin to send {@code streamId} over the relay link {@code linkId} (one per
 * origin and edge, chosen by the edge) to {@code edgeHost}:{@code edgePort}, each datagram tagged
 * {@code edgeTag}. {@code keyingMaterial}: the link's SRTP keys (base64 of client key | server key
 * | client salt | server salt, AES-128 CM HMAC SHA1 80), used when the link is new to the origin.
 * Replied with {@link MediaRelayOpened}; {@code STREAM_NOT_FOUND} when the stream is not published
 * on the origin.
 */
public record MediaRelayOpen(
    String streamId,
    String edgeNodeId,
    String linkId,
    String edgeHost,
    int edgePort,
    int edgeTag,
    String keyingMaterial) {}
