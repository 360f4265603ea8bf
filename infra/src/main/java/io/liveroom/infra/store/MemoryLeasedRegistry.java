package io.liveroom.infra.store;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Nodes announcing themselves under a lease, in this process's memory, in id order; a node whose
 * lease ran out is gone. The memory twin of {@link RedisLeasedRegistry}: the media-node and egress
 * registries are both this (they extend it). Thread-safe.
 *
 * @param <R> the record type
 */
class MemoryLeasedRegistry<R> {
  private record Leased<R>(R node, long expiresAt) {}

  private final Map<String, Leased<R>> nodes = new TreeMap<>();
  private final LongSupplier clock;
  private final Function<R, String> id;

  protected MemoryLeasedRegistry(LongSupplier clock, Function<R, String> id) {
    this.clock = clock;
    this.id = id;
  }

  public synchronized Future<Void> announce(R node, long leaseMs) {
    nodes.put(id.apply(node), new Leased<>(node, clock.getAsLong() + leaseMs));
    return Future.succeededFuture();
  }

  public synchronized Future<List<R>> live() {
    long now = clock.getAsLong();
    nodes.values().removeIf(l -> l.expiresAt() <= now);
    return Future.succeededFuture(nodes.values().stream().map(Leased::node).toList());
  }

  public synchronized Future<R> get(String nodeId) {
    Leased<R> l = nodes.get(nodeId);
    return Future.succeededFuture(
        l == null || l.expiresAt() <= clock.getAsLong() ? null : l.node());
  }

  /** True when the node was there and its lease had not run out. */
  public synchronized Future<Boolean> remove(String nodeId) {
    Leased<R> l = nodes.remove(nodeId);
    return Future.succeededFuture(l != null && l.expiresAt() > clock.getAsLong());
  }
}
