package io.liveroom.room;

import io.liveroom.infra.store.MediaNodeRecord;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Picks the media node for a room's first media: among the live nodes that are not draining, not
 * excluded and not full (capacity against the announced load and the rooms already placed there,
 * since announcements lag placements), {@code least-load} takes the one with most headroom (ties:
 * fewer rooms, then nodeId), {@code random} any of them.
 */
record PlacementPolicy(String policy, RandomGenerator random) {
  Optional<String> choose(
      List<MediaNodeRecord> live, Map<String, Integer> placedRooms, String excluded) {
    List<MediaNodeRecord> open =
        live.stream()
            .filter(n -> !n.draining() && !n.nodeId().equals(excluded))
            .filter(n -> !n.full(placedRooms.getOrDefault(n.nodeId(), 0)))
            .toList();
    if (open.isEmpty()) {
      return Optional.empty();
    }
    if (RoomConfig.RANDOM.equals(policy)) {
      return Optional.of(open.get(random.nextInt(open.size())).nodeId());
    }
    Comparator<MediaNodeRecord> byHeadroom =
        Comparator.comparingDouble(n -> -n.headroom(placedRooms.getOrDefault(n.nodeId(), 0)));
    return open.stream()
        .min(
            byHeadroom
                .thenComparingInt((MediaNodeRecord n) -> placedRooms.getOrDefault(n.nodeId(), 0))
                .thenComparing(MediaNodeRecord::nodeId))
        .map(MediaNodeRecord::nodeId);
  }
}
