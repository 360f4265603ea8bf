package io.liveroom.infra.contracts;

import java.util.List;

/**
 * One merged batch of a room's barrage (at most one per chat-service node per tick). Published on
 * {@link Addresses#roomEvents(String)}; best effort, never replayed.
 */
public record BarrageReceived(String roomId, List<ChatData> messages) implements RoomEvent {
  @Override
  public <R> R accept(RoomEvent.Handler<R> handler) {
    return handler.barrageReceived(this);
  }

  public BarrageReceived {
    messages = messages == null ? List.of() : List.copyOf(messages);
  }
}
