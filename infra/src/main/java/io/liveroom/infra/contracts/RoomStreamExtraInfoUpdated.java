package io.liveroom.infra.contracts;

import java.util.List;

/** A live stream's extra info changed. */
public record RoomStreamExtraInfoUpdated(String roomId, List<StreamInfo> streams, String originSessionId) {
  public RoomStreamExtraInfoUpdated {
    streams = List.copyOf(streams);
  }
}
