package io.liveroom.chat;

import io.liveroom.infra.contracts.ChatData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Barrage waiting to be pushed, per room. {@link #add} hands back a full batch at once; {@link
 * #drain} (every tick) takes every room's partial batch. Thread-safe.
 */
final class BarrageMerger {
  private final int maxBatch;
  private Map<String, List<ChatData>> pending = new HashMap<>();

  BarrageMerger(int maxBatch) {
    this.maxBatch = maxBatch;
  }

  /**
   * Queues {@code data}; returns the room's batch when it has reached {@code maxBatch}, else null.
   */
  synchronized List<ChatData> add(String roomId, ChatData data) {
    List<ChatData> batch = pending.computeIfAbsent(roomId, k -> new ArrayList<>());
    batch.add(data);
    if (batch.size() < maxBatch) {
      return null;
    }
    pending.remove(roomId);
    return batch;
  }

  /** Takes every queued batch, by room. */
  synchronized Map<String, List<ChatData>> drain() {
    if (pending.isEmpty()) {
      return Map.of();
    }
    Map<String, List<ChatData>> out = pending;
    pending = new HashMap<>();
    return out;
  }

  synchronized int pendingRooms() {
    return pending.size();
  }
}
