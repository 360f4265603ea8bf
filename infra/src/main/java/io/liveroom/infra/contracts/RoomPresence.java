package io.liveroom.infra.contracts;

import java.util.List;

/**
 * One room as one gateway holds it: its number of sessions there and the distinct userIDs they
 * belong to. Part of a {@link GatewayLease}.
 */
public record RoomPresence(String roomId, int sessions, List<String> userIds) {
  public RoomPresence {
    userIds = userIds == null ? List.of() : List.copyOf(userIds);
  }
}
