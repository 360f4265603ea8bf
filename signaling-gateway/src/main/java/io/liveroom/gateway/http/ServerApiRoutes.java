package io.liveroom.gateway.http;

import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.CloseRoom;
import io.liveroom.infra.contracts.CustomCommandSent;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.MuteTrack;
import io.liveroom.infra.contracts.RemoveStream;
import io.liveroom.infra.contracts.RoomClosed;
import io.liveroom.infra.contracts.RoomDetail;
import io.liveroom.infra.contracts.RoomDetailQuery;
import io.liveroom.infra.contracts.RoomExtraInfoSet;
import io.liveroom.infra.contracts.SendCustomCommand;
import io.liveroom.infra.contracts.SetRoomExtraInfo;
import io.liveroom.infra.contracts.SetUserPrivileges;
import io.liveroom.infra.contracts.StreamAck;
import io.liveroom.infra.contracts.TrackMuted;
import io.liveroom.infra.contracts.UserPrivilegesSet;
import io.liveroom.infra.text.Unicode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The server API an app's back end acts on rooms with (admin auth, under {@code /v1}): close a
 * room, stop a stream, custom commands from the server, room extra info, a member's publish
 * privilege, muting a published track; and the OpenAPI document of the whole {@code /v1} API.
 */
public final class ServerApiRoutes {
  /**
   * The sender of what the server sends (commands, broadcasts, extra info): {@code $} is outside
   * the userID alphabet, so no user can have this ID.
   */
  public static final String SERVER_USER = "$server";

  /** The longest {@code reason} a close or stream stop carries to the clients. */
  static final int MAX_REASON_CHARS = 256;

  private static final Set<String> KINDS = Set.of("audio", "video");
  private final Bus bus;
  private final AdminContext admin;

  public ServerApiRoutes(Bus bus, AdminContext admin) {
    this.bus = bus;
    this.admin = admin;
  }

  public void mount(Router router) {
    router.get("/v1/openapi.json").handler(OpenApiDocument::serve);
    router.delete("/v1/rooms/:roomID").handler(ctx -> admin.respond(ctx, this::closeRoom));
    router
        .delete("/v1/rooms/:roomID/streams/:streamID")
        .handler(ctx -> admin.respond(ctx, this::stopStream));
    router
        .post("/v1/rooms/:roomID/streams/:streamID/mute")
        .handler(ctx -> admin.respond(ctx, this::mute));
    router.post("/v1/rooms/:roomID/commands").handler(ctx -> admin.respond(ctx, this::command));
    router.post("/v1/rooms/:roomID/extraInfo").handler(ctx -> admin.respond(ctx, this::extraInfo));
    router
        .post("/v1/rooms/:roomID/users/:userID/privileges")
        .handler(ctx -> admin.respond(ctx, this::privileges));
  }

  private Future<JsonObject> closeRoom(RoutingContext ctx) {
    String roomId = admin.pathId(ctx, "roomID");
    return bus.request(Addresses.ROOM_CLOSE, new CloseRoom(roomId, reason(ctx)), RoomClosed.class)
        .map(
            c ->
                new JsonObject()
                    .put("roomID", roomId)
                    .put("kicked", new JsonArray(c.kicked()))
                    .put("streams", c.streams()));
  }

  private Future<JsonObject> stopStream(RoutingContext ctx) {
    String roomId = admin.pathId(ctx, "roomID");
    String streamId = admin.pathId(ctx, "streamID");
    return bus.request(
            Addresses.ROOM_STREAM_REMOVE,
            new RemoveStream(roomId, streamId, reason(ctx)),
            StreamAck.class)
        .map(ack -> new JsonObject().put("roomID", roomId).put("streamID", streamId));
  }

  private Future<JsonObject> mute(RoutingContext ctx) {
    String roomId = admin.pathId(ctx, "roomID");
    String streamId = admin.pathId(ctx, "streamID");
    JsonObject body = admin.body(ctx);
    Object kind = body.getValue("kind");
    if (!(kind instanceof String k) || !KINDS.contains(k)) {
      throw ErrorCode.INVALID_FIELD.exception("kind must be one of [audio, video]");
    }
    boolean muted = bool(body, "muted", true);
    return bus.request(
            Addresses.ROOM_STREAM_TRACK_MUTE,
            new MuteTrack(roomId, streamId, (String) kind, muted),
            TrackMuted.class)
        .map(
            m ->
                new JsonObject()
                    .put("roomID", roomId)
                    .put("streamID", streamId)
                    .put("userID", m.userId())
                    .put("kind", m.kind())
                    .put("muted", m.muted()));
  }

  /**
   * A custom command from the server ({@value #SERVER_USER}) to listed members; 404 when the room
   * is not open.
   */
  private Future<JsonObject> command(RoutingContext ctx) {
    String roomId = admin.pathId(ctx, "roomID");
    JsonObject body = admin.body(ctx);
    String command = admin.text(body, "command", true);
    if (!(body.getValue("toUserIDs") instanceof JsonArray ids) || ids.isEmpty()) {
      throw ErrorCode.INVALID_FIELD.exception("toUserIDs must be a non-empty array");
    }
    List<String> to = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      to.add(admin.id(new JsonObject().put("u", ids.getValue(i)), "u", "toUserIDs[" + i + "]"));
    }
    String name = admin.name(body, "fromUserName", "server");
    return open(roomId)
        .compose(
            v ->
                bus.request(
                    Addresses.CHAT_COMMAND_SEND,
                    new SendCustomCommand(roomId, SERVER_USER, name, null, command, to),
                    CustomCommandSent.class))
        .map(
            sent ->
                new JsonObject()
                    .put("roomID", roomId)
                    .put("notInRoom", new JsonArray(sent.notInRoom())));
  }

  /** Sets one key of an open room's extra info as the server; members get roomExtraInfoUpdate. */
  private Future<JsonObject> extraInfo(RoutingContext ctx) {
    String roomId = admin.pathId(ctx, "roomID");
    JsonObject body = admin.body(ctx);
    String key = admin.text(body, "key", true);
    String value = admin.text(body, "value", false);
    return bus.request(
            Addresses.ROOM_EXTRA_INFO_SET,
            new SetRoomExtraInfo(roomId, SERVER_USER, "server", null, key, value),
            RoomExtraInfoSet.class)
        .map(
            set ->
                new JsonObject()
                    .put("roomID", roomId)
                    .put("key", key)
                    .put("updateTime", set.updateTime()));
  }

  private Future<JsonObject> privileges(RoutingContext ctx) {
    String roomId = admin.pathId(ctx, "roomID");
    String userId = admin.pathId(ctx, "userID");
    JsonObject body = admin.body(ctx);
    if (!(body.getValue("publish") instanceof Boolean publish)) {
      throw ErrorCode.INVALID_FIELD.exception("publish must be true or false");
    }
    return bus.request(
            Addresses.ROOM_MEMBER_PRIVILEGES_SET,
            new SetUserPrivileges(roomId, userId, publish),
            UserPrivilegesSet.class)
        .map(
            p ->
                new JsonObject()
                    .put("roomID", roomId)
                    .put("userID", userId)
                    .put(
                        "privileges",
                        new JsonObject().put("login", true).put("publish", p.publish()))
                    .put("streamsStopped", p.streamsStopped()));
  }

  private Future<Void> open(String roomId) {
    return bus.request(Addresses.ROOM_DETAIL, new RoomDetailQuery(roomId), RoomDetail.class)
        .compose(
            d ->
                d.open()
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture(
                        ErrorCode.ROOM_NOT_FOUND.exception("room " + roomId + " is not open")));
  }

  /**
   * The optional {@code reason} query parameter: at most {@value #MAX_REASON_CHARS} characters, no
   * control characters.
   */
  private static String reason(RoutingContext ctx) {
    String reason = ctx.request().getParam("reason");
    if (reason == null) {
      return null;
    }
    if (reason.length() > MAX_REASON_CHARS
        || reason.chars().anyMatch(Character::isISOControl)
        || !Unicode.isValid(reason)) {
      throw ErrorCode.INVALID_FIELD.exception(
          "reason must be at most " + MAX_REASON_CHARS + " characters without control characters");
    }
    return reason;
  }

  private static boolean bool(JsonObject body, String field, boolean fallback) {
    Object value = body.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw ErrorCode.INVALID_FIELD.exception(field + " must be true or false");
    }
    return b;
  }
}
