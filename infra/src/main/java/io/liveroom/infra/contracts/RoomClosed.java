package io.liveroom.infra.contracts;

import java.util.List;

/**
 * The room is closed: {@code kicked} lists the userIDs taken out, {@code streams} how many streams
 * stopped.
 */
public record RoomClosed(String roomId, List<String> kicked, int streams) {
  public RoomClosed {
    kicked = kicked == null ? List.of() : List.copyOf(kicked);
  }
}
