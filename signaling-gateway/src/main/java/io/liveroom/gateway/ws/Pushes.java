package io.liveroom.gateway.ws;

import io.liveroom.infra.contracts.ChatData;
import io.liveroom.infra.contracts.LoginReply;
import io.liveroom.infra.contracts.RoomUser;
import io.liveroom.infra.contracts.StreamInfo;
import io.liveroom.infra.store.RoomExtraInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Client JSON for the room state the services report, with ZEGO Express Web's field names. */
public final class Pushes {
  private Pushes() {}

  public static JsonArray users(List<RoomUser> users) {
    JsonArray out = new JsonArray();
    users.forEach(
        u -> out.add(new JsonObject().put("userID", u.userId()).put("userName", u.userName())));
    return out;
  }

  public static JsonArray streams(List<StreamInfo> streams) {
    JsonArray out = new JsonArray();
    streams.forEach(
        s ->
            out.add(
                new JsonObject()
                    .put("streamID", s.streamId())
                    .put(
                        "user",
                        new JsonObject().put("userID", s.userId()).put("userName", s.userName()))
                    .put("extraInfo", s.extraInfo() == null ? "" : s.extraInfo())));
    return out;
  }

  public static JsonObject extraInfo(RoomExtraInfo info) {
    return new JsonObject()
        .put("key", info.key())
        .put("value", info.value())
        .put(
            "updateUser",
            new JsonObject()
                .put("userID", info.updateUserId())
                .put("userName", info.updateUserName()))
        .put("updateTime", info.updateTime());
  }

  public static JsonArray extraInfo(List<RoomExtraInfo> infos) {
    JsonArray out = new JsonArray();
    infos.forEach(i -> out.add(extraInfo(i)));
    return out;
  }

  /**
   * IM messages as ZEGO's chatData: {messageID, fromUser {userID, userName}, sendTime, message}.
   */
  public static JsonArray chatData(List<ChatData> messages) {
    JsonArray out = new JsonArray();
    messages.forEach(
        m ->
            out.add(
                new JsonObject()
                    .put("messageID", m.messageId())
                    .put("fromUser", user(m.fromUser()))
                    .put("sendTime", m.sendTime())
                    .put("message", m.message())));
    return out;
  }

  public static JsonObject user(RoomUser u) {
    return new JsonObject().put("userID", u.userId()).put("userName", u.userName());
  }

  /** The room part of a login or resume reply: members (unless large), streams, extra info. */
  public static JsonObject room(LoginReply reply, boolean userUpdate) {
    JsonObject out =
        new JsonObject()
            .put("roomID", reply.roomId())
            .put("mode", reply.mode())
            .put("largeRoom", reply.largeRoom())
            .put("streamList", streams(reply.streams()))
            .put("roomExtraInfoList", extraInfo(reply.extraInfo()));
    if (userUpdate && reply.users() != null) {
      out.put("userList", users(reply.users()));
    }
    return out;
  }
}
