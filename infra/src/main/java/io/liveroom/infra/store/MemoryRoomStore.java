package io.liveroom.infra.store;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rooms in this process's memory, closed against the memory membership store. Thread-safe. */
public final class MemoryRoomStore implements RoomStore {
  private final MembershipStore membership;
  private final TreeMap<String, RoomInfo> rooms = new TreeMap<>();
  private final Map<String, TreeMap<String, RoomExtraInfo>> extra =
      new HashMap<>(); // by key, as Redis lists them

  public MemoryRoomStore(MembershipStore membership) {
    this.membership = membership;
  }

  @Override
  public synchronized Future<RoomInfo> open(RoomInfo proposed) {
    return Future.succeededFuture(rooms.computeIfAbsent(proposed.roomId(), k -> proposed));
  }

  @Override
  public synchronized Future<RoomInfo> info(String roomId) {
    return Future.succeededFuture(rooms.get(roomId));
  }

  @Override
  public Future<Boolean> closeIfEmpty(String roomId) {
    synchronized (
        membership) { // the memory membership store locks on itself: no join can interleave
      synchronized (this) {
        if (membership.count(roomId).result() > 0 || !rooms.containsKey(roomId)) {
          return Future.succeededFuture(false);
        }
        rooms.remove(roomId);
        extra.remove(roomId);
        return Future.succeededFuture(true);
      }
    }
  }

  @Override
  public synchronized Future<Boolean> setExtraInfo(String roomId, RoomExtraInfo info, int maxKeys) {
    TreeMap<String, RoomExtraInfo> keys = extra.computeIfAbsent(roomId, k -> new TreeMap<>());
    if (!keys.containsKey(info.key()) && keys.size() >= maxKeys) {
      return Future.succeededFuture(false);
    }
    keys.put(info.key(), info);
    return Future.succeededFuture(true);
  }

  @Override
  public synchronized Future<List<RoomExtraInfo>> extraInfo(String roomId) {
    return Future.succeededFuture(
        List.copyOf(extra.getOrDefault(roomId, new TreeMap<>()).values()));
  }

  @Override
  public synchronized Future<List<String>> list(int offset, int limit) {
    List<String> out = new ArrayList<>();
    int i = 0;
    for (String id : rooms.keySet()) {
      if (i++ >= offset && out.size() < limit) {
        out.add(id);
      }
    }
    return Future.succeededFuture(out);
  }

  @Override
  public synchronized Future<Integer> roomCount() {
    return Future.succeededFuture(rooms.size());
  }
}
