package io.liveroom.presence.store;

import io.liveroom.infra.contracts.GatewayExpired;
import io.liveroom.infra.contracts.GatewayLease;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Leases in this process's memory (single process): a map with deadlines on {@code clock}.
 * Thread-safe.
 */
public final class MemoryLeaseStore implements LeaseStore {
  private record Held(GatewayLease lease, long deadline) {}

  private final Clock clock;
  private final Map<String, Held> leases = new HashMap<>();
  private final Map<String, Integer> pushed = new HashMap<>();
  private String pusher;
  private long pusherDeadline;

  public MemoryLeaseStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Future<Boolean> report(GatewayLease lease) {
    if (lease.ttlMs() <= 0) {
      return Future.failedFuture(
          new IllegalArgumentException("ttlMs must be positive, got " + lease.ttlMs()));
    }
    Held previous = leases.put(lease.gatewayId(), new Held(lease, clock.millis() + lease.ttlMs()));
    return Future.succeededFuture(previous != null);
  }

  @Override
  public synchronized Future<List<GatewayLease>> live() {
    long now = clock.millis();
    List<GatewayLease> out = new ArrayList<>();
    leases
        .values()
        .forEach(
            held -> {
              if (held.deadline() > now) {
                out.add(held.lease());
              }
            });
    return Future.succeededFuture(out);
  }

  @Override
  public synchronized Future<List<GatewayExpired>> claimExpired() {
    long now = clock.millis();
    List<GatewayExpired> out = new ArrayList<>();
    for (Iterator<Held> it = leases.values().iterator(); it.hasNext(); ) {
      Held held = it.next();
      if (held.deadline() <= now) {
        out.add(new GatewayExpired(held.lease().gatewayId(), held.deadline()));
        it.remove();
      }
    }
    out.sort(Comparator.comparing(GatewayExpired::gatewayId));
    return Future.succeededFuture(out);
  }

  @Override
  public synchronized Future<Boolean> holdPushLeadership(String holder, long ttlMs) {
    long now = clock.millis();
    if (pusher == null || pusherDeadline <= now || pusher.equals(holder)) {
      pusher = holder;
      pusherDeadline = now + ttlMs;
      return Future.succeededFuture(true);
    }
    return Future.succeededFuture(false);
  }

  @Override
  public synchronized Future<Void> releasePushLeadership(String holder) {
    if (Objects.equals(pusher, holder)) {
      pusher = null;
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Map<String, Integer>> pushedCounts() {
    return Future.succeededFuture(Map.copyOf(pushed));
  }

  @Override
  public synchronized Future<Void> savePushedCounts(Map<String, Integer> counts) {
    counts.forEach(
        (roomId, count) -> {
          if (count == 0) {
            pushed.remove(roomId);
          } else {
            pushed.put(roomId, count);
          }
        });
    return Future.succeededFuture();
  }
}
