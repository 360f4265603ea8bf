package io.liveroom.infra.store;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** Delivery cursors of a single process. */
public final class MemoryDeliveryCursors implements DeliveryCursors {
  private record Lease(String owner, long fence, long until) {}

  private final Map<String, Lease> leases = new HashMap<>();
  private final Map<String, Long> positions = new HashMap<>();
  private final LongSupplier clock;
  private long fences;

  public MemoryDeliveryCursors(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Future<Long> acquire(String endpoint, String owner, long ttlMs) {
    long now = clock.getAsLong();
    Lease held = leases.get(endpoint);
    if (held != null && held.until() > now && !held.owner().equals(owner)) {
      return Future.succeededFuture(0L);
    }
    long fence = held != null && held.until() > now ? held.fence() : ++fences;
    leases.put(endpoint, new Lease(owner, fence, now + ttlMs));
    return Future.succeededFuture(fence);
  }

  @Override
  public synchronized Future<Long> position(String endpoint) {
    return Future.succeededFuture(positions.getOrDefault(endpoint, -1L));
  }

  @Override
  public synchronized Future<Boolean> commit(String endpoint, String owner, long fence, long seq) {
    Lease held = leases.get(endpoint);
    if (held == null
        || held.until() <= clock.getAsLong()
        || !held.owner().equals(owner)
        || held.fence() != fence) {
      return Future.succeededFuture(false);
    }
    positions.merge(endpoint, seq, Math::max);
    return Future.succeededFuture(true);
  }

  @Override
  public synchronized Future<Void> release(String endpoint, String owner) {
    Lease held = leases.get(endpoint);
    if (held != null && held.owner().equals(owner)) {
      leases.remove(endpoint);
    }
    return Future.succeededFuture();
  }
}
