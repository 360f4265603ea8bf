package io.liveroom.infra.contracts;

/**
 * Asks {@link Addresses#PRESENCE_ONLINE_GET} for the totals: an {@link OnlineSummary} with the
 * {@code topN} most populated rooms (0 or less: {@code presence.topN}; capped at {@code
 * presence.maxTopN}).
 */
public record OnlineQuery(int topN) {}
