package io.liveroom.infra.store;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/** Room placements in this process's memory. Thread-safe. */
public final class MemoryPlacementStore implements PlacementStore {
  private record Leased(RoomPlacement placement, long expiresAt) {}

  private final Map<String, Leased> rooms = new TreeMap<>();
  private final LongSupplier clock;

  public MemoryPlacementStore(LongSupplier clock) {
    this.clock = clock;
  }

  private RoomPlacement current(String roomId) {
    Leased l = rooms.get(roomId);
    if (l != null && l.expiresAt() <= clock.getAsLong()) {
      rooms.remove(roomId);
      return null;
    }
    return l == null ? null : l.placement();
  }

  @Override
  public synchronized Future<RoomPlacement> place(String roomId, String nodeId, long leaseMs) {
    RoomPlacement cur = current(roomId);
    if (cur != null) {
      return Future.succeededFuture(cur);
    }
    long now = clock.getAsLong();
    RoomPlacement placed = new RoomPlacement(roomId, nodeId, now, 0);
    rooms.put(roomId, new Leased(placed, now + leaseMs));
    return Future.succeededFuture(placed);
  }

  @Override
  public synchronized Future<RoomPlacement> get(String roomId) {
    return Future.succeededFuture(current(roomId));
  }

  @Override
  public synchronized Future<Boolean> renew(String roomId, String nodeId, long leaseMs) {
    RoomPlacement cur = current(roomId);
    if (cur == null || !cur.nodeId().equals(nodeId)) {
      return Future.succeededFuture(false);
    }
    rooms.put(roomId, new Leased(cur, clock.getAsLong() + leaseMs));
    return Future.succeededFuture(true);
  }

  @Override
  public synchronized Future<Boolean> release(String roomId, String nodeId) {
    RoomPlacement cur = current(roomId);
    if (cur == null || !cur.nodeId().equals(nodeId)) {
      return Future.succeededFuture(false);
    }
    rooms.remove(roomId);
    return Future.succeededFuture(true);
  }

  @Override
  public synchronized Future<RoomPlacement> move(
      String roomId, String fromNodeId, String toNodeId, long leaseMs) {
    RoomPlacement cur = current(roomId);
    if (cur == null || !cur.nodeId().equals(fromNodeId)) {
      return Future.succeededFuture(null);
    }
    long now = clock.getAsLong();
    RoomPlacement moved = new RoomPlacement(roomId, toNodeId, now, cur.moves() + 1);
    rooms.put(roomId, new Leased(moved, now + leaseMs));
    return Future.succeededFuture(moved);
  }

  @Override
  public synchronized Future<List<RoomPlacement>> roomsOn(String nodeId) {
    List<String> ids = List.copyOf(rooms.keySet());
    return Future.succeededFuture(
        ids.stream()
            .map(this::current)
            .filter(p -> p != null && p.nodeId().equals(nodeId))
            .toList());
  }

  @Override
  public synchronized Future<List<String>> nodes() {
    List<String> ids = List.copyOf(rooms.keySet());
    return Future.succeededFuture(
        ids.stream()
            .map(this::current)
            .filter(p -> p != null)
            .map(RoomPlacement::nodeId)
            .distinct()
            .sorted()
            .toList());
  }
}
