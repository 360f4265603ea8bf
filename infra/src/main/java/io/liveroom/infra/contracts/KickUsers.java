package io.liveroom.infra.contracts;

import java.util.List;

/** Admin kick-out: the users lose their membership; they get KICKOUT, the others DELETE. */
public record KickUsers(String roomId, List<String> userIds, String reason) {
  public KickUsers {
    userIds = List.copyOf(userIds);
  }
}
