package io.liveroom.infra.contracts;

import java.util.List;

/** The room as the new member finds it: the other members. */
public record LoginReply(String roomId, List<RoomUser> users) {
  public LoginReply {
    users = List.copyOf(users);
  }
}
