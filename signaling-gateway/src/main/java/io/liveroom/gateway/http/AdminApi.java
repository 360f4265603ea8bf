package io.liveroom.gateway.http;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.requests.ChatRequests;
import io.liveroom.gateway.requests.Fields;
import io.liveroom.gateway.ws.Protocol;
import io.liveroom.gateway.ws.Pushes;
import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.BarrageSent;
import io.liveroom.infra.contracts.BroadcastSent;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.contracts.GetMessages;
import io.liveroom.infra.contracts.KickResult;
import io.liveroom.infra.contracts.KickUsers;
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
import io.liveroom.infra.contracts.SendBarrage;
import io.liveroom.infra.contracts.SendBroadcast;
import io.liveroom.infra.contracts.ServiceException;
import io.liveroom.infra.contracts.StreamLocation;
import io.liveroom.infra.contracts.UserPage;
import io.liveroom.infra.contracts.UserPresence;
import io.liveroom.infra.contracts.UserPresenceQuery;
import io.liveroom.infra.http.HttpLimits;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The admin HTTP API under {@code /v1}, for the app's own back end: every call needs {@code
 * Authorization: Bearer <admin secret>}. Errors are HTTP statuses with the shared error body {@code
 * {"error": {code, name, message}}}.
 */
public final class AdminApi implements AdminContext {
  /** The sender of a server-side broadcast or barrage that names none (never a user's ID). */
  static final String SYSTEM_USER = ServerApiRoutes.SERVER_USER;

  private final Bus bus;
  private final TokenService tokens;
  private final Fields fields;
  private final GatewayConfig config;
  private final HttpLimits limits;

  public AdminApi(Bus bus, TokenService tokens, GatewayConfig config, HttpLimits limits) {
    this.bus = bus;
    this.tokens = tokens;
    this.fields = new Fields(config);
    this.config = config;
    this.limits = limits;
  }

  public void mount(Router router) {
    router.route("/v1/*").handler(this::authorize);
    RequestBodies.read(router, "/v1/*", RequestBodies.JSON, true, limits.adminMaxBodyBytes());
    router.get("/v1/rooms").handler(ctx -> respond(ctx, this::rooms));
    router.get("/v1/rooms/:roomID/users").handler(ctx -> respond(ctx, this::users));
    router.post("/v1/rooms/:roomID/kick").handler(ctx -> respond(ctx, this::kick));
    router.post("/v1/rooms/:roomID/broadcast").handler(ctx -> respond(ctx, this::broadcast));
    router.post("/v1/rooms/:roomID/barrage").handler(ctx -> respond(ctx, this::barrage));
    router.get("/v1/rooms/:roomID/messages").handler(ctx -> respond(ctx, this::messages));
    router.get("/v1/rooms/:roomID/online").handler(ctx -> respond(ctx, this::roomOnline));
    router.get("/v1/online").handler(ctx -> respond(ctx, this::online));
    router.get("/v1/users/:userID/presence").handler(ctx -> respond(ctx, this::userPresence));
    new NodeAdminRoutes(bus, fields).mount(router);
    router.get("/v1/streams/:streamID/stats").handler(ctx -> respond(ctx, this::streamStats));
    new ServerApiRoutes(bus, this).mount(router);
  }

  @Override
  public void respond(RoutingContext ctx, Function<RoutingContext, Future<JsonObject>> handler) {
    respondWith(ctx, handler);
  }

  @Override
  public JsonObject body(RoutingContext ctx) {
    return AdminParams.jsonBody(ctx);
  }

  @Override
  public String id(JsonObject object, String field, String path) {
    return fields.id(object, field, path);
  }

  @Override
  public String text(JsonObject object, String field, boolean required) {
    return fields.text(object, field, required);
  }

  @Override
  public String name(JsonObject object, String field, String fallback) {
    return fields.name(object, field, field, fallback);
  }

  private void authorize(RoutingContext ctx) {
    if (tokens.adminAuthorized(ctx.request().getHeader("Authorization"))) {
      ctx.next();
    } else {
      RequestBodies.reject(
          ctx, ErrorCode.ADMIN_UNAUTHORIZED.exception()); // before any body is read
    }
  }

  private Future<JsonObject> rooms(RoutingContext ctx) {
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
  private Future<JsonObject> streamStats(RoutingContext ctx) {
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

  private Future<JsonObject> users(RoutingContext ctx) {
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

  private Future<JsonObject> kick(RoutingContext ctx) {
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
  private Future<JsonObject> broadcast(RoutingContext ctx) {
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

  private Future<JsonObject> barrage(RoutingContext ctx) {
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

  private Future<JsonObject> messages(RoutingContext ctx) {
    String roomId = roomId(ctx);
    long afterSeq = AdminParams.longParam(ctx, "afterSeq", 0);
    int limit = AdminParams.intParam(ctx, "limit", 0, 0, config.adminMaxPageSize());
    return bus.request(
            Addresses.CHAT_MESSAGE_LIST,
            new GetMessages(roomId, null, null, afterSeq, limit),
            MessagesPage.class)
        .map(ChatRequests::page);
  }

  private Future<JsonObject> roomOnline(RoutingContext ctx) {
    String roomId = roomId(ctx);
    return bus.request(
            Addresses.PRESENCE_ROOM_COUNT_GET, new RoomCountQuery(roomId), RoomCount.class)
        .map(AdminApi::count);
  }

  private Future<JsonObject> online(RoutingContext ctx) {
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

  private Future<JsonObject> userPresence(RoutingContext ctx) {
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

  private static void respondWith(
      RoutingContext ctx, Function<RoutingContext, Future<JsonObject>> handler) {
    Future<JsonObject> result;
    try {
      result = handler.apply(ctx);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(body -> HttpText.json(ctx, body)).onFailure(e -> fail(ctx, e));
  }

  /**
   * The error status and body of a failed call; store failures are 503/504, never a raw exception's
   * text.
   */
  public static void fail(RoutingContext ctx, Throwable failure) {
    ServiceException se =
        Failures.toService(failure, ctx.request().method() + " " + ctx.request().path());
    ctx.response().setStatusCode(status(se.code()));
    HttpText.json(
        ctx, new JsonObject().put("error", Protocol.error(null, se).getJsonObject("error")));
  }

  static int status(ErrorCode code) {
    return switch (code) {
      case BAD_REQUEST,
          INVALID_FIELD,
          MALFORMED_JSON,
          MESSAGE_EMPTY,
          TOO_MANY_RECIPIENTS,
          INVALID_SDP ->
          400;
      case ADMIN_UNAUTHORIZED, TOKEN_MISSING, TOKEN_MALFORMED, TOKEN_BAD_SIGNATURE, TOKEN_EXPIRED ->
          401;
      case TOKEN_WRONG_USER,
          TOKEN_WRONG_ROOM,
          TOKEN_NO_LOGIN_PRIVILEGE,
          TOKEN_NO_PUBLISH_PRIVILEGE,
          TOKEN_STREAM_NOT_ALLOWED ->
          403;
      case ROOM_NOT_FOUND, STREAM_NOT_FOUND, MEDIA_PEER_NOT_FOUND, USER_NOT_IN_ROOM -> 404;
      case STREAM_ID_TAKEN, ROOM_FULL -> 409;
      case FRAME_TOO_LARGE, MESSAGE_TOO_LARGE, BODY_TOO_LARGE -> 413;
      case UNSUPPORTED_MEDIA_TYPE -> 415;
      case RATE_LIMITED,
          BROADCAST_USER_RATE_LIMITED,
          BROADCAST_ROOM_RATE_LIMITED,
          BARRAGE_USER_RATE_LIMITED,
          BARRAGE_THROTTLED,
          COMMAND_USER_RATE_LIMITED,
          COMMAND_ROOM_RATE_LIMITED ->
          429;
      case SERVICE_UNAVAILABLE, SHUTTING_DOWN, MEDIA_UNAVAILABLE, TOO_MANY_MEDIA_RESOURCES -> 503;
      case SERVICE_TIMEOUT -> 504;
      default -> 500;
    };
  }
}
