package io.liveroom.infra.contracts;

import io.liveroom.infra.store.RoomExtraInfo;

/** One room extra-info key changed, with who changed it and when. */
public record RoomExtraInfoUpdated(String roomId, RoomExtraInfo info, String originSessionId)
    implements RoomEvent {
  @Override
  public <R> R accept(RoomEvent.Handler<R> handler) {
    return handler.extraInfoUpdated(this);
  }
}
