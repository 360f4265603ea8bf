package io.liveroom.infra.contracts;

import java.util.List;

/** A page of members and how many there are. */
public record UserPage(String roomId, int total, int offset, List<RoomUser> users) {
  public UserPage {
    users = List.copyOf(users);
  }
}
