package io.liveroom.infra.contracts;

import java.util.List;

/**
 * One merged batch of a room's barrage (at most one per chat-service node per tick). Published on
 * {@link Addresses#roomEvents(String)}; best effort, never replayed.
 */
public record BarrageReceived(String roomId, List<ChatData> messages) {
  public BarrageReceived {
    messages = messages == null ? List.of() : List.copyOf(messages);
  }
}
