package io.liveroom.infra.contracts;

import java.util.List;

/** A page of open rooms and how many there are. */
public record RoomPage(int total, int offset, List<RoomSummary> rooms) {
  public RoomPage {
    rooms = List.copyOf(rooms);
  }
}
