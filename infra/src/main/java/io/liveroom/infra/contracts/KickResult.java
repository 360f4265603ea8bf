package io.liveroom.infra.contracts;

import java.util.List;

/** Which of the users were kicked and which were not in the room. */
public record KickResult(String roomId, List<String> kicked, List<String> notInRoom) {
  public KickResult {
    kicked = List.copyOf(kicked);
    notInRoom = List.copyOf(notInRoom);
  }
}
