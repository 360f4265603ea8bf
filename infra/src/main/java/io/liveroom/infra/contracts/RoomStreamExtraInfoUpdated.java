package io.liveroom.infra.contracts;

import java.util.List;

/** A live stream's extra info changed. */
public record RoomStreamExtraInfoUpdated(
    String roomId, List<StreamInfo> streams, String originSessionId) implements RoomEvent {
  @Override
  public <R> R accept(RoomEvent.Handler<R> handler) {
    return handler.streamExtraInfoUpdated(this);
  }

  public RoomStreamExtraInfoUpdated {
    streams = List.copyOf(streams);
  }
}
