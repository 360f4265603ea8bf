package io.liveroom.infra.contracts;

import io.liveroom.infra.store.RoomExtraInfo;

/** One room extra-info key changed, with who changed it and when. */
public record RoomExtraInfoUpdated(String roomId, RoomExtraInfo info, String originSessionId) {}
