package io.liveroom.room;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.MediaNodeAnnounced;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The media nodes this room-service instance has heard from recently, with their load. A node
 * unheard of for {@code ttlMs} is taken for dead.
 */
final class MediaNodes {
  private final Map<String, MediaNodeAnnounced> nodes = new ConcurrentHashMap<>();
  private final Map<String, Long> seenAt = new ConcurrentHashMap<>();
  private final long ttlMs;
  private final LongSupplier clock;

  MediaNodes(long ttlMs, LongSupplier clock) {
    this.ttlMs = ttlMs;
    this.clock = clock;
  }

  void announced(MediaNodeAnnounced node) {
    nodes.put(node.nodeId(), node);
    seenAt.put(node.nodeId(), clock.getAsLong());
  }

  boolean alive(String nodeId) {
    Long seen = seenAt.get(nodeId);
    return seen != null && clock.getAsLong() - seen <= ttlMs;
  }

  /** The live node with the fewest streams (then players); MEDIA_UNAVAILABLE when none is alive. */
  String leastLoaded() {
    return nodes.values().stream().filter(n -> alive(n.nodeId()))
        .min(Comparator.comparingInt(MediaNodeAnnounced::streams).thenComparingInt(MediaNodeAnnounced::players)
            .thenComparing(MediaNodeAnnounced::nodeId))
        .map(MediaNodeAnnounced::nodeId)
        .orElseThrow(() -> ErrorCode.MEDIA_UNAVAILABLE.exception("no media node is running"));
  }
}
