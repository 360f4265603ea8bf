package io.liveroom.chat.store;

import io.liveroom.infra.contracts.ChatData;
import io.liveroom.infra.contracts.MessagesPage;
import io.liveroom.infra.contracts.RoomUser;
import io.vertx.core.Future;

/**
 * A room's broadcast sequence and its capped history. {@link #append} takes the room's next sequence
 * number and stores the message under it in one atomic step, so sequence order is history order and
 * the sequence has no gaps, whichever chat-service instance appends. History keeps at most
 * {@code maxCount} messages per room, none older than {@code maxAgeMs}; the sequence itself never
 * restarts.
 */
public interface BroadcastHistory {
  /** Stores {@code message} under the room's next sequence number; returns it as sent. */
  Future<ChatData> append(String roomId, RoomUser fromUser, String message, long sendTime);

  /**
   * Up to {@code limit} (> 0) messages with a sequence number above {@code afterSeq}, oldest
   * first, as held at {@code now} (older than {@code now - maxAgeMs} is gone).
   */
  Future<MessagesPage> after(String roomId, long afterSeq, int limit, long now);
}
