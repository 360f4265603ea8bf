package io.liveroom.infra.contracts;

import java.util.List;

/**
 * Broadcast history in sequence order. {@code lastSeq}: the room's newest sequence number (0: none
 * yet). {@code oldestSeq}: the oldest one still held ({@code lastSeq + 1} when none is). A reader
 * that asked for {@code afterSeq < oldestSeq - 1} lost the messages in between (older than the
 * history window). While the page's last messageId is below {@code lastSeq}, ask again after it.
 */
public record MessagesPage(String roomId, List<ChatData> messages, long lastSeq, long oldestSeq) {
  public MessagesPage {
    messages = messages == null ? List.of() : List.copyOf(messages);
  }
}
