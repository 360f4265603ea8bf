package io.liveroom.infra.contracts;

import java.util.List;

/** Streams were added to or removed from a room; the causing session does not receive it. */
public record RoomStreamUpdated(
    String roomId, UpdateType updateType, List<StreamInfo> streams, String originSessionId)
    implements RoomEvent {
  @Override
  public <R> R accept(RoomEvent.Handler<R> handler) {
    return handler.streamUpdated(this);
  }

  public RoomStreamUpdated {
    streams = List.copyOf(streams);
  }
}
