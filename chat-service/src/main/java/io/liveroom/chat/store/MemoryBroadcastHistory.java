package io.liveroom.chat.store;

import io.liveroom.infra.contracts.ChatData;
import io.liveroom.infra.contracts.MessagesPage;
import io.liveroom.infra.contracts.RoomUser;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Broadcast history in this process's memory: the single-process backend. Thread-safe, one lock per
 * room.
 */
public final class MemoryBroadcastHistory implements BroadcastHistory {
  private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
  private final int maxCount;
  private final long maxAgeMs;

  public MemoryBroadcastHistory(int maxCount, long maxAgeMs) {
    this.maxCount = maxCount;
    this.maxAgeMs = maxAgeMs;
  }

  @Override
  public Future<ChatData> append(String roomId, RoomUser fromUser, String message, long sendTime) {
    Room room = rooms.computeIfAbsent(roomId, k -> new Room());
    synchronized (room) {
      if (room.seq == 0) {
        room.first = BroadcastHistory.firstOfSequence(sendTime);
        room.seq = room.first - 1;
      }
      ChatData data = new ChatData(++room.seq, fromUser, sendTime, message);
      room.items.addLast(data);
      room.trim(maxCount, sendTime - maxAgeMs);
      return Future.succeededFuture(data);
    }
  }

  @Override
  public Future<MessagesPage> after(String roomId, long afterSeq, int limit, long now) {
    Room room = rooms.get(roomId);
    if (room == null) {
      return Future.succeededFuture(new MessagesPage(roomId, List.of(), 0, 1, 0));
    }
    synchronized (room) {
      room.trim(maxCount, now - maxAgeMs);
      List<ChatData> page = new ArrayList<>(Math.min(limit, room.items.size()));
      for (ChatData data : room.items) {
        if (page.size() >= limit) {
          break;
        }
        if (data.messageId() > afterSeq) {
          page.add(data);
        }
      }
      long oldest = room.items.isEmpty() ? room.seq + 1 : room.items.peekFirst().messageId();
      return Future.succeededFuture(new MessagesPage(roomId, page, room.seq, oldest, room.first));
    }
  }

  /** One room: its last sequence number and the messages still held, oldest first. */
  private static final class Room {
    private long seq;
    private long first;
    private final ArrayDeque<ChatData> items = new ArrayDeque<>();

    void trim(int maxCount, long cutoff) {
      while (items.size() > maxCount) {
        items.removeFirst();
      }
      while (!items.isEmpty() && items.peekFirst().sendTime() < cutoff) {
        items.removeFirst();
      }
    }
  }
}
