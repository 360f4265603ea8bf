package io.liveroom.infra.contracts;

/**
 * A room's online count (distinct users) differs from the last one pushed; 0 when it emptied.
 * Published on {@link Addresses#roomEvents(String)} at most once per {@code
 * presence.pushIntervalMs}.
 */
public record RoomOnlineCountChanged(String roomId, int count) implements RoomEvent {
  @Override
  public <R> R accept(RoomEvent.Handler<R> handler) {
    return handler.onlineCountChanged(this);
  }
}
