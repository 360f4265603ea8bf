package io.liveroom.infra.contracts;

import io.liveroom.infra.store.RoomExtraInfo;
import java.util.List;

/**
 * The room as the new member finds it. {@code users} (the other members) is null when the room is
 * above the large-room threshold, where member lists are not fanned out.
 */
public record LoginReply(
    String roomId,
    String mode,
    boolean largeRoom,
    List<RoomUser> users,
    List<StreamInfo> streams,
    List<RoomExtraInfo> extraInfo) {
  public LoginReply {
    users = users == null ? null : List.copyOf(users);
    streams = List.copyOf(streams);
    extraInfo = List.copyOf(extraInfo);
  }
}
