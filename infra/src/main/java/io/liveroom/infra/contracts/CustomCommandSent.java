package io.liveroom.infra.contracts;

import java.util.List;

/**
 * The command went to every listed user in the room; {@code notInRoom} lists the others, in request
 * order.
 */
public record CustomCommandSent(String roomId, List<String> notInRoom) {
  public CustomCommandSent {
    notInRoom = notInRoom == null ? List.of() : List.copyOf(notInRoom);
  }
}
