package io.liveroom.infra.contracts;

import java.util.List;

/**
 * A gateway's full current presence, sent to {@link Addresses#PRESENCE_LEASE_REPORT} every {@code
 * presence.reportIntervalMs} (reply: {@link LeaseAck}). Not a delta: it replaces the gateway's
 * previous report, and it counts only until {@code ttlMs} after it was stored (0:
 * presence-service's {@code presence.leaseTtlMs}). A gateway that stops reporting is expired
 * ({@link GatewayExpired}).
 */
public record GatewayLease(String gatewayId, long ttlMs, List<RoomPresence> rooms) {
  public GatewayLease {
    rooms = rooms == null ? List.of() : List.copyOf(rooms);
  }
}
