package io.liveroom.infra.contracts;

import java.util.List;

/**
 * Broadcast history in sequence order. {@code lastSeq}: the room's newest sequence number (0: none
 * yet). {@code oldestSeq}: the oldest one still held ({@code lastSeq + 1} when none is). {@code
 * firstSeq}: the first number of the room's current sequence (0: none yet). A sequence starts at
 * (send time in ms) x 1000 + 1, so one that restarts (its keys expired, or the store lost them)
 * continues above every earlier number: a reader whose last messageId is below {@code firstSeq - 1}
 * saw a restart, not a gap, for the numbers in between. A reader that asked for {@code firstSeq <=
 * afterSeq < oldestSeq - 1} lost the messages in between (older than the history window). While the
 * page's last messageId is below {@code lastSeq}, ask again after it.
 */
public record MessagesPage(
    String roomId, List<ChatData> messages, long lastSeq, long oldestSeq, long firstSeq) {
  public MessagesPage {
    messages = messages == null ? List.of() : List.copyOf(messages);
  }
}
