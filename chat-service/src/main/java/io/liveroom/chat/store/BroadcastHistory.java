package io.liveroom.chat.store;

import io.liveroom.infra.contracts.ChatData;
import io.liveroom.infra.contracts.MessagesPage;
import io.liveroom.infra.contracts.RoomUser;
import io.vertx.core.Future;

/**
 * A room's broadcast sequence and its capped history. {@link #append} takes the room's next
 * sequence number and stores the message under it in one atomic step, so sequence order is history
 * order and the sequence has no gaps, whichever chat-service instance appends. History keeps at
 * most {@code maxCount} messages per room, none older than {@code maxAgeMs}. A room's sequence
 * starts at {@link #firstOfSequence}: when it starts again (its keys expired with the history, or
 * the store lost them) it continues above every number it gave before, so readers never see a
 * number twice nor one that goes back (as long as a room sends fewer than 1,000 broadcasts per
 * millisecond on average and the senders' clocks agree to within the time between the old
 * sequence's last message and the new one's first).
 */
public interface BroadcastHistory {
  /** The first number of a sequence whose first message is sent at {@code sendTime} (epoch ms). */
  static long firstOfSequence(long sendTime) {
    return Math.max(0, sendTime) * 1_000 + 1;
  }

  /** Stores {@code message} under the room's next sequence number; returns it as sent. */
  Future<ChatData> append(String roomId, RoomUser fromUser, String message, long sendTime);

  /**
   * Up to {@code limit} (> 0) messages with a sequence number above {@code afterSeq}, oldest first,
   * as held at {@code now} (older than {@code now - maxAgeMs} is gone).
   */
  Future<MessagesPage> after(String roomId, long afterSeq, int limit, long now);
}
