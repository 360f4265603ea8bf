package io.liveroom.infra.contracts;

/**
 * Ends a {@link MediaTap}; replied with {@link MediaStopped} (false if the node held no such tap).
 */
public record MediaUntap(String tapId) {}
