package io.liveroom.gateway.http;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.requests.ChatRequests;
import io.liveroom.gateway.requests.Fields;
import io.liveroom.gateway.ws.Pushes;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.GetMessages;
import io.liveroom.infra.contracts.ListRooms;
import io.liveroom.infra.contracts.ListUsers;
import io.liveroom.infra.contracts.LocateStream;
import io.liveroom.infra.contracts.MediaStats;
import io.liveroom.infra.contracts.MediaStatsQuery;
import io.liveroom.infra.contracts.MessagesPage;
import io.liveroom.infra.contracts.OnlineQuery;
import io.liveroom.infra.contracts.OnlineSummary;
import io.liveroom.infra.contracts.RoomCount;
import io.liveroom.infra.contracts.RoomCountQuery;
import io.liveroom.infra.contracts.RoomPage;
import io.liveroom.infra.contracts.StreamLocation;
import io.liveroom.infra.contracts.UserPage;
import io.liveroom.infra.contracts.UserPresence;
import io.liveroom.infra.contracts.UserPresenceQuery;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The read-only handlers of the admin API (mounted by {@link AdminApi}): rooms and their users,
 * message history, online figures, a user's presence and a stream's media statistics.
 */
final class AdminQueries {
  private final Bus bus;
  private final Fields fields;
  private final GatewayConfig config;

  AdminQueries(Bus bus, Fields fields, GatewayConfig config) {
    this.bus = bus;
    this.fields = fields;
    this.config = config;
  }

  Future<JsonObject> rooms(RoutingContext ctx) {
    return bus.request(Addresses.ROOM_LIST, new ListRooms(offset(ctx), limit(ctx)), RoomPage.class)
        .map(
            page -> {
              JsonArray rooms = new JsonArray();
              page.rooms()
                  .forEach(
                      r ->
                          rooms.add(
                              new JsonObject()
                                  .put("roomID", r.roomId())
                                  .put("mode", r.mode())
                                  .put("members", r.members())
                                  .put("maxMembers", r.maxMembers())
                                  .put("createdAt", r.createdAt())));
              return new JsonObject()
                  .put("total", page.total())
                  .put("offset", page.offset())
                  .put("rooms", rooms);
            });
  }

  /** The media node's figures for one live stream: bitrate, packets, loss, players. */
  Future<JsonObject> streamStats(RoutingContext ctx) {
    String streamId =
        fields.id(new JsonObject().put("streamID", ctx.pathParam("streamID")), "streamID");
    return bus.request(
            Addresses.ROOM_STREAM_LOCATE, new LocateStream(streamId), StreamLocation.class)
        .compose(
            location ->
                location.nodeId() == null
                    ? Future.failedFuture(
                        ErrorCode.STREAM_NOT_FOUND.exception(
                            "stream " + streamId + " carries no media"))
                    : bus.request(
                            Addresses.mediaStats(location.nodeId()),
                            new MediaStatsQuery(streamId),
                            MediaStats.class)
                        .map(
                            stats -> {
                              if (stats.streams().isEmpty()) {
                                throw ErrorCode.STREAM_NOT_FOUND.exception(
                                    "the media node has no stream " + streamId);
                              }
                              JsonObject figures = JsonObject.mapFrom(stats.streams().get(0));
                              figures.remove("streamId");
                              figures.remove("publisherPeerId");
                              return new JsonObject()
                                  .put("streamID", streamId)
                                  .put("roomID", location.roomId())
                                  .put("nodeID", stats.nodeId())
                                  .mergeIn(figures);
                            }));
  }

  Future<JsonObject> users(RoutingContext ctx) {
    String roomId = roomId(ctx);
    return bus.request(
            Addresses.ROOM_MEMBER_LIST,
            new ListUsers(roomId, offset(ctx), limit(ctx)),
            UserPage.class)
        .map(
            page ->
                new JsonObject()
                    .put("roomID", roomId)
                    .put("total", page.total())
                    .put("offset", page.offset())
                    .put("users", Pushes.users(page.users())));
  }

  Future<JsonObject> messages(RoutingContext ctx) {
    String roomId = roomId(ctx);
    long afterSeq = AdminParams.longParam(ctx, "afterSeq", 0);
    int limit = AdminParams.intParam(ctx, "limit", 0, 0, config.adminMaxPageSize());
    return bus.request(
            Addresses.CHAT_MESSAGE_LIST,
            new GetMessages(roomId, null, null, afterSeq, limit),
            MessagesPage.class)
        .map(ChatRequests::page);
  }

  Future<JsonObject> roomOnline(RoutingContext ctx) {
    String roomId = roomId(ctx);
    return bus.request(
            Addresses.PRESENCE_ROOM_COUNT_GET, new RoomCountQuery(roomId), RoomCount.class)
        .map(AdminQueries::count);
  }

  Future<JsonObject> online(RoutingContext ctx) {
    int top = AdminParams.intParam(ctx, "top", 0, 0, config.adminMaxPageSize());
    return bus.request(Addresses.PRESENCE_ONLINE_GET, new OnlineQuery(top), OnlineSummary.class)
        .map(
            s -> {
              JsonArray rooms = new JsonArray();
              s.top().forEach(c -> rooms.add(count(c)));
              return new JsonObject()
                  .put("totalSessions", s.totalSessions())
                  .put("distinctUsers", s.distinctUsers())
                  .put("rooms", s.rooms())
                  .put("top", rooms);
            });
  }

  Future<JsonObject> userPresence(RoutingContext ctx) {
    String userId = fields.id(new JsonObject().put("userID", ctx.pathParam("userID")), "userID");
    return bus.request(
            Addresses.PRESENCE_USER_GET, new UserPresenceQuery(userId), UserPresence.class)
        .map(
            p -> {
              JsonArray where = new JsonArray();
              p.where()
                  .forEach(
                      l ->
                          where.add(
                              new JsonObject()
                                  .put("roomID", l.roomId())
                                  .put("gatewayID", l.gatewayId())));
              return new JsonObject()
                  .put("userID", p.userId())
                  .put("online", p.online())
                  .put("where", where);
            });
  }

  /**
   * A room's online figures: {@code count} distinct users (as roomOnlineUserCountUpdate), {@code
   * sessions}.
   */
  private static JsonObject count(RoomCount c) {
    return new JsonObject()
        .put("roomID", c.roomId())
        .put("count", c.users())
        .put("sessions", c.sessions());
  }

  private String roomId(RoutingContext ctx) {
    return fields.id(new JsonObject().put("roomID", ctx.pathParam("roomID")), "roomID");
  }

  private static int offset(RoutingContext ctx) {
    return AdminParams.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
  }

  private int limit(RoutingContext ctx) {
    return AdminParams.intParam(ctx, "limit", 100, 1, config.adminMaxPageSize());
  }
}
