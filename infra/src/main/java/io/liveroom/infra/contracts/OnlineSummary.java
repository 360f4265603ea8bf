package io.liveroom.infra.contracts;

import java.util.List;

/**
 * Everyone online: sessions, distinct users, occupied rooms, and the most populated rooms (by
 * users, then sessions, then roomId), most first.
 */
public record OnlineSummary(int totalSessions, int distinctUsers, int rooms, List<RoomCount> top) {
  public OnlineSummary {
    top = top == null ? List.of() : List.copyOf(top);
  }
}
