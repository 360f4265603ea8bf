package io.liveroom.gateway.fanout;

import io.liveroom.infra.contracts.ChatData;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Bounds the socket writes a room's barrage costs this gateway. Writing one frame to every member
 * is the expensive part of barrage (one syscall per socket), so a room's barrage is written at most
 * once per <i>gap</i>, where {@code gap = localMembers / frameBudget} seconds, capped at {@code
 * maxDelayMs}: with the default budget of 50,000 frames per second a 500-member room is written
 * every 10 ms (so, in practice, whenever chat-service's merged batch arrives), a 5,000-member room
 * every 100 ms, and a 50,000-member room every {@code maxDelayMs}. Messages that arrive inside a
 * gap wait and go out together in the next frame: the faster a large room chats, the more messages
 * each frame carries, while a quiet room's message goes out at once (leading edge). When {@code
 * maxPerFrame} messages are waiting they go out without waiting for the gap. A budget of 0 turns
 * pacing off (every batch is written when it arrives).
 *
 * <p>Confined to the gateway's event loop.
 */
public final class BarragePacer {
  private final Vertx vertx;
  private final int frameBudget;
  private final long maxDelayMs;
  private final int maxPerFrame;
  private final BiConsumer<String, List<ChatData>> writer;
  private final Map<String, Room> rooms = new HashMap<>();

  /** A room's pacing state: when it was last written, and what waits for the next write. */
  private static final class Room {
    long lastWriteNanos;
    List<ChatData> waiting;
    long timer = -1;
  }

  BarragePacer(
      Vertx vertx,
      int frameBudget,
      long maxDelayMs,
      int maxPerFrame,
      BiConsumer<String, List<ChatData>> writer) {
    this.vertx = vertx;
    this.frameBudget = frameBudget;
    this.maxDelayMs = maxDelayMs;
    this.maxPerFrame = maxPerFrame;
    this.writer = writer;
  }

  /** The minimum time between two barrage writes of a room with this many local members. */
  long gapNanos(int members) {
    if (frameBudget <= 0) {
      return 0;
    }
    long gap = members * 1_000_000_000L / frameBudget;
    return Math.min(gap, maxDelayMs * 1_000_000L);
  }

  /** A batch of a room's barrage arrived: written now, or held for the room's next write. */
  void offer(String roomId, int members, List<ChatData> messages) {
    long gap = gapNanos(members);
    if (gap == 0) {
      writer.accept(roomId, messages);
      return;
    }
    Room room = rooms.computeIfAbsent(roomId, k -> new Room());
    long now = System.nanoTime();
    if (room.waiting == null && now - room.lastWriteNanos >= gap) {
      room.lastWriteNanos = now;
      writer.accept(roomId, messages);
      return;
    }
    if (room.waiting == null) {
      room.waiting = new ArrayList<>(messages);
    } else {
      room.waiting.addAll(messages);
    }
    if (room.waiting.size() >= maxPerFrame) {
      flush(roomId, room);
    } else if (room.timer == -1) {
      long delayMs = Math.max(1, (room.lastWriteNanos + gap - now + 999_999) / 1_000_000);
      room.timer =
          vertx.setTimer(
              delayMs,
              t -> {
                room.timer = -1;
                flush(roomId, room);
              });
    }
  }

  private void flush(String roomId, Room room) {
    if (room.timer != -1) {
      vertx.cancelTimer(room.timer);
      room.timer = -1;
    }
    List<ChatData> waiting = room.waiting;
    room.waiting = null;
    room.lastWriteNanos = System.nanoTime();
    if (waiting != null && !waiting.isEmpty()) {
      writer.accept(roomId, waiting);
    }
  }

  /** The room has no local members any more: drops what waits for it. */
  void forget(String roomId) {
    Room room = rooms.remove(roomId);
    if (room != null && room.timer != -1) {
      vertx.cancelTimer(room.timer);
    }
  }

  /** Rooms with pacing state (for tests). */
  int rooms() {
    return rooms.size();
  }
}
