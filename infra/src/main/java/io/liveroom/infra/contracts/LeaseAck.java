package io.liveroom.infra.contracts;

/**
 * presence-service stored a {@link GatewayLease}. {@code renewed} is false when no lease of this
 * gateway was held (its first report, or its lease had expired: room-service may have evicted its
 * members). {@code ttlMs} is the lease time applied and {@code reportIntervalMs} when to report
 * next.
 */
public record LeaseAck(String gatewayId, boolean renewed, long ttlMs, long reportIntervalMs) {}
