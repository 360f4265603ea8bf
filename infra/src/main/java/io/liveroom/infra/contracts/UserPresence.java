package io.liveroom.infra.contracts;

import java.util.List;

/**
 * Whether a user is online and in which rooms through which gateways (sorted by room, then
 * gateway).
 */
public record UserPresence(String userId, boolean online, List<UserLocation> where) {
  public UserPresence {
    where = where == null ? List.of() : List.copyOf(where);
  }
}
