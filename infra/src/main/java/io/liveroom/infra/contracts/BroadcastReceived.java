package io.liveroom.infra.contracts;

import java.util.List;

/**
 * Broadcast messages of one room in sequence order. Published on {@link
 * Addresses#roomEvents(String)}; a receiver that sees a gap in {@code messageId} fetches the
 * missing range with {@link GetMessages}.
 */
public record BroadcastReceived(String roomId, List<ChatData> messages) implements RoomEvent {
  @Override
  public <R> R accept(RoomEvent.Handler<R> handler) {
    return handler.broadcastReceived(this);
  }

  public BroadcastReceived {
    messages = messages == null ? List.of() : List.copyOf(messages);
  }
}
