package io.liveroom.infra.contracts;

import java.util.List;

/**
 * Members joined or left a room. Published on {@link Addresses#roomEvents(String)}; the session
 * that caused it ({@code originSessionId}, may be null) does not receive it.
 */
public record RoomUserUpdated(
    String roomId, UpdateType updateType, List<RoomUser> users, String originSessionId)
    implements RoomEvent {
  @Override
  public <R> R accept(RoomEvent.Handler<R> handler) {
    return handler.userUpdated(this);
  }

  public RoomUserUpdated {
    users = List.copyOf(users);
  }
}
