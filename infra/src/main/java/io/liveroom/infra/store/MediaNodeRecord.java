package io.liveroom.infra.store;

import java.util.List;

/**
 * One media node as it last announced itself: where players and publishers reach it, what it may
 * carry (capacity) and what it carries now (load). A node whose lease lapsed is not listed.
 *
 * @param nodeId the node id (its per-node bus addresses end with it)
 * @param addresses the media addresses it advertises (ICE host candidates) with its UDP port
 * @param maxStreams capacity: published streams
 * @param maxPlayers capacity: players over all streams
 * @param maxBandwidthBps capacity: bitrate in + out
 * @param streams load: published streams now
 * @param players load: players now
 * @param bitrateInBps load: received media bitrate
 * @param bitrateOutBps load: forwarded media bitrate (estimated as in x players)
 * @param cpuLoad load: the process's recent CPU load, 0..1 (negative when unknown)
 * @param draining the node is shutting down: it takes no new rooms
 * @param announcedAt epoch millis of the announcement
 */
public record MediaNodeRecord(
    String nodeId,
    List<String> addresses,
    int maxStreams,
    int maxPlayers,
    long maxBandwidthBps,
    int streams,
    int players,
    long bitrateInBps,
    long bitrateOutBps,
    double cpuLoad,
    boolean draining,
    long announcedAt) {
  public MediaNodeRecord {
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
  }

  /**
   * The room count placement adds to the announced streams (announcements lag placements by up to 2
   * s).
   */
  public boolean full(int placedRooms) {
    return Math.max(streams, placedRooms) >= maxStreams
        || players >= maxPlayers
        || bitrateInBps + bitrateOutBps >= maxBandwidthBps;
  }

  /**
   * The smallest free share of any capacity, 0..1 (1 = idle); {@code placedRooms} as in {@link
   * #full}.
   */
  public double headroom(int placedRooms) {
    double s = 1 - (double) Math.max(streams, placedRooms) / maxStreams;
    double p = 1 - (double) players / maxPlayers;
    double b = 1 - (double) (bitrateInBps + bitrateOutBps) / maxBandwidthBps;
    double c = cpuLoad < 0 ? 1 : 1 - cpuLoad;
    return Math.max(0, Math.min(Math.min(s, p), Math.min(b, c)));
  }

  public MediaNodeRecord asDraining() {
    return new MediaNodeRecord(
        nodeId,
        addresses,
        maxStreams,
        maxPlayers,
        maxBandwidthBps,
        streams,
        players,
        bitrateInBps,
        bitrateOutBps,
        cpuLoad,
        true,
        announcedAt);
  }
}
