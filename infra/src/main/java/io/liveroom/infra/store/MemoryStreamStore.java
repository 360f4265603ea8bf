package io.liveroom.infra.store;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The stream registry in this process's memory. Thread-safe. */
public final class MemoryStreamStore implements StreamStore {
  private final Map<String, StreamRecord> streams = new HashMap<>();
  private final Map<String, TreeMap<String, StreamRecord>> rooms = new HashMap<>();

  @Override
  public synchronized Future<StreamRecord> add(StreamRecord stream) {
    StreamRecord existing = streams.get(stream.streamId());
    if (existing != null) {
      return Future.succeededFuture(existing);
    }
    put(stream);
    return Future.succeededFuture(null);
  }

  private void put(StreamRecord stream) {
    streams.put(stream.streamId(), stream);
    rooms.computeIfAbsent(stream.roomId(), k -> new TreeMap<>()).put(stream.streamId(), stream);
  }

  @Override
  public synchronized Future<StreamRecord> remove(String streamId, String sessionId) {
    StreamRecord existing = streams.get(streamId);
    if (existing == null || sessionId != null && !Objects.equals(sessionId, existing.sessionId())) {
      return Future.succeededFuture(null);
    }
    streams.remove(streamId);
    TreeMap<String, StreamRecord> room = rooms.get(existing.roomId());
    room.remove(streamId);
    if (room.isEmpty()) {
      rooms.remove(existing.roomId());
    }
    return Future.succeededFuture(existing);
  }

  @Override
  public synchronized Future<StreamRecord> get(String streamId) {
    return Future.succeededFuture(streams.get(streamId));
  }

  @Override
  public synchronized Future<List<StreamRecord>> inRoom(String roomId) {
    TreeMap<String, StreamRecord> room = rooms.get(roomId);
    return Future.succeededFuture(room == null ? List.of() : List.copyOf(room.values()));
  }

  @Override
  public synchronized Future<StreamRecord> setExtraInfo(
      String streamId, String sessionId, String extraInfo) {
    StreamRecord existing = streams.get(streamId);
    if (existing == null || !existing.sessionId().equals(sessionId)) {
      return Future.succeededFuture(null);
    }
    StreamRecord updated = existing.withExtraInfo(extraInfo);
    put(updated);
    return Future.succeededFuture(updated);
  }

  @Override
  public synchronized Future<StreamRecord> markPeerLive(
      String streamId, String nodeId, String peerId) {
    StreamRecord existing = streams.get(streamId);
    if (!ownedBy(existing, nodeId, peerId) || existing.live()) {
      return Future.succeededFuture(null);
    }
    StreamRecord live = existing.asLive();
    put(live);
    return Future.succeededFuture(live);
  }

  @Override
  public synchronized Future<StreamRecord> removePeer(
      String streamId, String nodeId, String peerId) {
    StreamRecord existing = streams.get(streamId);
    return ownedBy(existing, nodeId, peerId)
        ? remove(streamId, existing.sessionId())
        : Future.succeededFuture(null);
  }

  private static boolean ownedBy(StreamRecord stream, String nodeId, String peerId) {
    return stream != null
        && peerId != null
        && peerId.equals(stream.peerId())
        && Objects.equals(nodeId, stream.nodeId());
  }

  @Override
  public synchronized Future<Integer> rebind(String roomId, String sessionId, String gatewayId) {
    int moved = 0;
    for (StreamRecord s : List.copyOf(rooms.getOrDefault(roomId, new TreeMap<>()).values())) {
      if (s.sessionId().equals(sessionId)) {
        put(s.withGateway(gatewayId));
        moved++;
      }
    }
    return Future.succeededFuture(moved);
  }
}
