package io.liveroom.infra.contracts;

/**
 * Asks a media node for its streams' stats ({@code streamId} null: all); replied with {@link
 * MediaStats}.
 */
public record MediaStatsQuery(String streamId) {}
