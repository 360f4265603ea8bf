package io.liveroom.infra.contracts;

/**
 * The shared store lost state (see {@code StoreEpoch}), published on this node only ({@link
 * Addresses#STORE_RESET}) when this node's check noticed it, {@code detectedAt} epoch ms. Gateways
 * re-assert their sessions, media nodes re-announce themselves.
 */
public record StoreReset(long detectedAt) {}
