package io.liveroom.infra.contracts;

import java.util.List;

/**
 * Members joined or left a room. Published on {@link Addresses#roomEvents(String)}; the session
 * that caused it ({@code originSessionId}, may be null) does not receive it.
 */
public record RoomUserUpdated(String roomId, UpdateType updateType, List<RoomUser> users, String originSessionId) {
  public RoomUserUpdated {
    users = List.copyOf(users);
  }
}
