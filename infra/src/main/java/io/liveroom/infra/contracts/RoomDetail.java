package io.liveroom.infra.contracts;

import java.util.List;

/**
 * One room: open (a member is in it) with its settings and member count, its streams, and its media
 * node ({@code mediaNodeId} null when the room has no media placement).
 */
public record RoomDetail(
    String roomId,
    boolean open,
    String mode,
    int maxMembers,
    int members,
    List<String> streams,
    String mediaNodeId,
    long placedAt,
    int moves) {
  public RoomDetail {
    streams = List.copyOf(streams);
  }
}
