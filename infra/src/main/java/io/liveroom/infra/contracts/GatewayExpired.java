package io.liveroom.infra.contracts;

/**
 * A gateway stopped reporting and its lease ran out at {@code expiredAt} (epoch ms). Published once
 * on {@link Addresses#PRESENCE_GATEWAY_EXPIRED}, whatever the number of presence-service instances.
 */
public record GatewayExpired(String gatewayId, long expiredAt) {}
