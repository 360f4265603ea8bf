package io.liveroom.media;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;

/**
 * What a media node tells the registry it may carry, and how it leaves (section {@code media}).
 *
 * @param maxStreams published streams it takes (room-service places no new room on it when reached)
 * @param maxPlayers players over all its streams
 * @param maxBandwidthBps media bitrate in + out
 * @param leaseMs how long one announcement (every 2 s) keeps the node in the registry: a killed
 *     node's rooms move this long after its last announcement (plus room.placementCheckMs)
 * @param drainTimeoutMs on SIGTERM, how long the draining node waits for its streams to end before
 *     its remaining rooms are moved (keep node.shutdownTimeoutMs above this plus a few seconds)
 */
public record MediaCapacityConfig(
    int maxStreams, int maxPlayers, long maxBandwidthBps, long leaseMs, long drainTimeoutMs) {
  public static MediaCapacityConfig from(Config config) {
    ConfigSection s = config.section(MediaConfig.SECTION);
    return new MediaCapacityConfig(
        s.getInt("maxStreams", 1, 1_000_000),
        s.getInt("maxPlayers", 1, 10_000_000),
        s.getLong("maxBandwidthBps", 1_000_000, 1_000_000_000_000L),
        s.getLong("leaseMs", 2_500, 600_000),
        s.getLong("drainTimeoutMs", 0, 3_600_000));
  }
}
