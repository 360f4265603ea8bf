package io.liveroom.infra.store;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/** The media-node registry in this process's memory. Thread-safe. */
public final class MemoryMediaNodeStore implements MediaNodeStore {
  private record Leased(MediaNodeRecord node, long expiresAt) {}

  private final Map<String, Leased> nodes = new TreeMap<>();
  private final LongSupplier clock;

  public MemoryMediaNodeStore(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Future<Void> announce(MediaNodeRecord node, long leaseMs) {
    nodes.put(node.nodeId(), new Leased(node, clock.getAsLong() + leaseMs));
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<List<MediaNodeRecord>> live() {
    long now = clock.getAsLong();
    nodes.values().removeIf(l -> l.expiresAt() <= now);
    return Future.succeededFuture(nodes.values().stream().map(Leased::node).toList());
  }

  @Override
  public synchronized Future<MediaNodeRecord> get(String nodeId) {
    Leased l = nodes.get(nodeId);
    return Future.succeededFuture(
        l == null || l.expiresAt() <= clock.getAsLong() ? null : l.node());
  }

  @Override
  public synchronized Future<Boolean> remove(String nodeId) {
    Leased l = nodes.remove(nodeId);
    return Future.succeededFuture(l != null && l.expiresAt() > clock.getAsLong());
  }
}
