package io.liveroom.gateway.http;

import io.liveroom.gateway.requests.ChatRequests;
import io.liveroom.gateway.requests.Fields;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.BarrageSent;
import io.liveroom.infra.contracts.BroadcastSent;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.KickResult;
import io.liveroom.infra.contracts.KickUsers;
import io.liveroom.infra.contracts.SendBarrage;
import io.liveroom.infra.contracts.SendBroadcast;
import io.liveroom.infra.http.HttpLimits;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The acting handlers of the admin API (mounted by {@link AdminApi}): kicking users, and
 * server-side broadcasts and barrages.
 */
final class AdminActions {
  /** The sender of a server-side broadcast or barrage that names none (never a user's ID). */
  static final String SYSTEM_USER = ServerApiRoutes.SERVER_USER;

  private final Bus bus;
  private final Fields fields;
  private final HttpLimits limits;

  AdminActions(Bus bus, Fields fields, HttpLimits limits) {
    this.bus = bus;
    this.fields = fields;
    this.limits = limits;
  }

  Future<JsonObject> kick(RoutingContext ctx) {
    String roomId = roomId(ctx);
    JsonObject body = AdminParams.jsonBody(ctx);
    if (!(body.getValue("userIDs") instanceof JsonArray ids) || ids.isEmpty()) {
      throw ErrorCode.INVALID_FIELD.exception("userIDs must be a non-empty array");
    }
    if (ids.size() > limits.adminMaxKickUsers()) {
      throw ErrorCode.INVALID_FIELD.exception(
          "userIDs names "
              + ids.size()
              + " users; at most "
              + limits.adminMaxKickUsers()
              + " (http.adminMaxKickUsers) per call");
    }
    List<String> userIds = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      userIds.add(fields.id(new JsonObject().put("u", ids.getValue(i)), "u", "userIDs[" + i + "]"));
    }
    String reason = body.getValue("reason") instanceof String r ? r : null;
    return bus.request(
            Addresses.ROOM_MEMBER_KICK, new KickUsers(roomId, userIds, reason), KickResult.class)
        .map(
            r ->
                new JsonObject()
                    .put("roomID", roomId)
                    .put("kicked", new JsonArray(r.kicked()))
                    .put("notInRoom", new JsonArray(r.notInRoom())));
  }

  /**
   * A server-side broadcast, as {@code fromUserID} (default {@value #SYSTEM_USER}): no membership,
   * no user rate.
   */
  Future<JsonObject> broadcast(RoutingContext ctx) {
    String roomId = roomId(ctx);
    JsonObject body = AdminParams.jsonBody(ctx);
    String from = body.getValue("fromUserID") == null ? SYSTEM_USER : fields.id(body, "fromUserID");
    String name = fields.name(body, "fromUserName", "fromUserName", from);
    return bus.request(
            Addresses.CHAT_BROADCAST_SEND,
            SendBroadcast.fromServer(roomId, from, name, ChatRequests.message(body, "message")),
            BroadcastSent.class)
        .map(
            sent ->
                new JsonObject()
                    .put("roomID", roomId)
                    .put("messageID", sent.messageId())
                    .put("sendTime", sent.sendTime()));
  }

  Future<JsonObject> barrage(RoutingContext ctx) {
    String roomId = roomId(ctx);
    JsonObject body = AdminParams.jsonBody(ctx);
    String from = body.getValue("fromUserID") == null ? SYSTEM_USER : fields.id(body, "fromUserID");
    String name = fields.name(body, "fromUserName", "fromUserName", from);
    return bus.request(
            Addresses.CHAT_BARRAGE_SEND,
            SendBarrage.fromServer(roomId, from, name, ChatRequests.message(body, "message")),
            BarrageSent.class)
        .map(sent -> new JsonObject().put("roomID", roomId).put("messageID", sent.messageId()));
  }

  private String roomId(RoutingContext ctx) {
    return fields.id(new JsonObject().put("roomID", ctx.pathParam("roomID")), "roomID");
  }
}
