package io.liveroom.gateway.fanout;

import io.liveroom.gateway.ws.Protocol;
import io.liveroom.gateway.ws.Pushes;
import io.liveroom.infra.contracts.BroadcastReceived;
import io.liveroom.infra.contracts.RoomExtraInfoUpdated;
import io.liveroom.infra.contracts.RoomOnlineCountChanged;
import io.liveroom.infra.contracts.RoomStreamExtraInfoUpdated;
import io.liveroom.infra.contracts.RoomStreamTrackMuted;
import io.liveroom.infra.contracts.RoomStreamUpdated;
import io.vertx.core.json.JsonArray;

/**
 * The client push frame of each signaling and broadcast room event (docs/protocol.md), encoded once
 * per event for all local members. Joins and leaves are encoded by {@link UserUpdateBatcher},
 * barrage by {@link BarrageWriter}.
 */
final class RoomEventFrames {
  private RoomEventFrames() {}

  static String onlineCount(String roomId, RoomOnlineCountChanged e) {
    return Protocol.push("roomOnlineUserCountUpdate")
        .put("roomID", roomId)
        .put("count", e.count())
        .encode();
  }

  static String streams(String roomId, RoomStreamUpdated e) {
    return Protocol.push("roomStreamUpdate")
        .put("roomID", roomId)
        .put("updateType", e.updateType().name())
        .put("streamList", Pushes.streams(e.streams()))
        .put("extendedData", "")
        .encode();
  }

  static String streamExtraInfo(String roomId, RoomStreamExtraInfoUpdated e) {
    return Protocol.push("roomStreamExtraInfoUpdate")
        .put("roomID", roomId)
        .put("streamList", Pushes.streams(e.streams()))
        .encode();
  }

  static String trackMuted(String roomId, RoomStreamTrackMuted e) {
    return Protocol.push("roomStreamTrackUpdate")
        .put("roomID", roomId)
        .put("streamID", e.streamId())
        .put("userID", e.userId())
        .put("kind", e.kind())
        .put("muted", e.muted())
        .encode();
  }

  static String extraInfo(String roomId, RoomExtraInfoUpdated e) {
    return Protocol.push("roomExtraInfoUpdate")
        .put("roomID", roomId)
        .put("roomExtraInfoList", new JsonArray().add(Pushes.extraInfo(e.info())))
        .encode();
  }

  static String broadcast(String roomId, BroadcastReceived e) {
    return Protocol.push("IMRecvBroadcastMessage")
        .put("roomID", roomId)
        .put("chatData", Pushes.chatData(e.messages()))
        .encode();
  }
}
