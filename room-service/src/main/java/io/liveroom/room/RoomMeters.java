package io.liveroom.room;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.RoomMediaMoved;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * room-service's {@code liveroom_*} meters: rooms moved between media nodes, members evicted with a
 * dead gateway.
 */
final class RoomMeters {
  private final Counter failovers;
  private final Counter drains;
  private final Counter evicted;

  RoomMeters(MeterRegistry registry) {
    failovers = moves(registry, "failover");
    drains = moves(registry, "drain");
    evicted =
        Counter.builder("liveroom.presence.evictions")
            .description(
                "members room-service removed because their gateway's presence lease expired")
            .register(registry);
  }

  private static Counter moves(MeterRegistry registry, String reason) {
    return Counter.builder("liveroom.placement.moves")
        .tag("reason", reason)
        .description(
            "rooms this room-service moved to another media node: failover (node lost) or drain")
        .register(registry);
  }

  void moved(RoomMediaMoved moved) {
    (moved.errorCode() == ErrorCode.MEDIA_NODE_DRAINED.code() ? drains : failovers).increment();
  }

  void evicted(int members) {
    if (members > 0) {
      evicted.increment(members);
    }
  }
}
