package io.liveroom.gateway.requests;

import io.liveroom.gateway.GatewayNode;
import io.liveroom.gateway.fanout.RoomFanout;
import io.liveroom.gateway.session.PendingLeaves;
import io.liveroom.gateway.session.Session;
import io.liveroom.gateway.session.SessionRegistry;
import io.liveroom.gateway.ws.ClientHandler;
import io.liveroom.gateway.ws.Protocol;
import io.liveroom.gateway.ws.Pushes;
import io.liveroom.gateway.ws.Reply;
import io.liveroom.infra.auth.Privilege;
import io.liveroom.infra.auth.TokenClaims;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.KickSession;
import io.liveroom.infra.contracts.LoginReply;
import io.liveroom.infra.contracts.LoginRoom;
import io.liveroom.infra.contracts.RelayResult;
import io.liveroom.infra.contracts.RelaySignal;
import io.liveroom.infra.contracts.RoomExtraInfoSet;
import io.liveroom.infra.contracts.SetRoomExtraInfo;
import io.liveroom.infra.contracts.SignalDelivered;
import io.liveroom.infra.store.RoomInfo;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** Room requests of one gateway's sessions: login, logout, room extra info, p2p signaling. */
public final class RoomRequests {
  private static final Set<String> SIGNAL_KINDS = Set.of("offer", "answer", "candidate", "bye");
  private final GatewayNode gateway;
  private final SessionRegistry sessions;
  private final RoomFanout fanout;
  private final PendingLeaves leaves;
  private final Fields fields;
  private final IceServers iceServers;

  public RoomRequests(
      GatewayNode gateway, SessionRegistry sessions, RoomFanout fanout, PendingLeaves leaves) {
    this.gateway = gateway;
    this.sessions = sessions;
    this.fanout = fanout;
    this.leaves = leaves;
    this.fields = new Fields(gateway.config());
    this.iceServers = new IceServers(gateway.config());
  }

  public void register(ClientHandler handler) {
    handler.handle("loginRoom", this::login);
    handler.handle("logoutRoom", this::logout);
    handler.handle("setRoomExtraInfo", this::setExtraInfo);
    handler.handle("sendSignal", this::relay);
  }

  Future<Reply> login(Session session, JsonObject request) {
    String roomId = fields.id(request, "roomID");
    JsonObject user = fields.object(request, "user", true);
    String userId = fields.id(user, "userID", "user.userID");
    String userName = fields.name(user, "userName", "user.userName", userId);
    JsonObject options = fields.object(request, "config", false);
    boolean userUpdate = Fields.bool(options, "userUpdate", "config.userUpdate", false);
    int maxMemberCount =
        Fields.nonNegativeInt(options, "maxMemberCount", "config.maxMemberCount", 0);
    String mode =
        fields.oneOf(
            options, "mode", "config.mode", Set.of(RoomInfo.LIVE, RoomInfo.P2P), RoomInfo.LIVE);
    Object token = request.getValue("token");
    if (!(token instanceof String t) || t.isBlank()) {
      throw ErrorCode.TOKEN_MISSING.exception("loginRoom needs a token");
    }
    TokenClaims claims = gateway.tokens().verify(t);
    gateway.tokens().authorize(claims, userId, roomId, Privilege.LOGIN);
    if (session.rooms().containsKey(roomId)) {
      throw ErrorCode.ALREADY_IN_ROOM.exception("already in room " + roomId);
    }
    if (session.rooms().size() >= gateway.config().maxRoomsPerSession()) {
      throw ErrorCode.TOO_MANY_ROOMS.exception(
          "a connection may be in at most " + gateway.config().maxRoomsPerSession() + " rooms");
    }
    Session.Seat seat = new Session.Seat(userId, userName, userUpdate, claims, t, mode);
    LoginRoom login =
        new LoginRoom(roomId, userId, userName, session.id(), gateway.id(), maxMemberCount, mode);
    return sessions
        .enter(session, roomId, seat)
        .compose(v -> gateway.bus().request(Addresses.ROOM_LOGIN, login, LoginReply.class))
        .transform(
            ar -> {
              if (ar.failed() || session.closed() || session.rooms().get(roomId) != seat) {
                sessions.abandon(session, roomId, seat);
                if (ar.succeeded()) { // admitted, but the session went away meanwhile
                  leaves.logout(roomId, userId, userName, session.id());
                  return Future.failedFuture(
                      ErrorCode.NOT_LOGGED_IN.exception("the session left room " + roomId));
                }
                return Future.failedFuture(ar.cause());
              }
              fanout.extraInfo().learn(roomId, ar.result().extraInfo());
              JsonObject body =
                  Pushes.room(ar.result(), userUpdate)
                      .put("iceServers", iceServers.forUser(userId, System.currentTimeMillis()))
                      .put("simulcastLayers", gateway.config().simulcastLayers());
              return Future.succeededFuture(
                  new Reply(
                      body,
                      () -> {
                        session.send(Protocol.roomStateChanged(roomId, "LOGINED", 0, ""));
                        session.activate(seat);
                        fanout.membershipChanged();
                      }));
            });
  }

  Future<Reply> logout(Session session, JsonObject request) {
    String roomId = fields.id(request, "roomID");
    Session.Seat seat = session.rooms().get(roomId); // also with an expired token
    if (seat == null || !seat.active()) {
      throw ErrorCode.NOT_LOGGED_IN.exception("not in room " + roomId);
    }
    return leave(session, roomId, seat)
        .map(
            v ->
                new Reply(
                    new JsonObject().put("roomID", roomId),
                    () -> session.send(Protocol.roomStateChanged(roomId, "LOGOUT", 0, ""))));
  }

  Future<Reply> setExtraInfo(Session session, JsonObject request) {
    String roomId = fields.id(request, "roomID");
    Session.Seat seat = seat(session, roomId);
    String key = fields.text(request, "key", true);
    String value = fields.text(request, "value", false);
    return gateway
        .bus()
        .request(
            Addresses.ROOM_EXTRA_INFO_SET,
            new SetRoomExtraInfo(roomId, seat.userId, seat.userName, session.id(), key, value),
            RoomExtraInfoSet.class)
        .map(
            set ->
                Reply.of(
                    new JsonObject()
                        .put("roomID", roomId)
                        .put("key", key)
                        .put("updateTime", set.updateTime())));
  }

  Future<Reply> relay(Session session, JsonObject request) {
    String roomId = fields.id(request, "roomID");
    Session.Seat seat = seat(session, roomId);
    String kind = fields.oneOf(request, "kind", "kind", SIGNAL_KINDS, null);
    String to = request.getValue("toUserID") == null ? null : fields.id(request, "toUserID");
    // the payload (SDP, candidate, anything JSON) travels as JSON text, untouched
    String payload = Json.encode(request.getValue("payload"));
    return gateway
        .bus()
        .request(
            Addresses.ROOM_SIGNAL_RELAY,
            new RelaySignal(roomId, seat.userId, session.id(), to, kind, payload),
            RelayResult.class)
        .map(
            r ->
                Reply.of(
                    new JsonObject()
                        .put("roomID", roomId)
                        .put("deliveredTo", new JsonArray(r.deliveredTo()))));
  }

  /** A relayed p2p signal for one of our sessions. */
  public void signal(Session session, SignalDelivered signal) {
    if (session.rooms().containsKey(signal.roomId())) {
      session.send(
          Protocol.push("p2pSignal")
              .put("roomID", signal.roomId())
              .put("fromUserID", signal.fromUserId())
              .put("kind", signal.kind())
              .put("payload", Json.decodeValue(signal.payload())));
    }
  }

  /**
   * The session's seat in a room, for a request in it: NOT_LOGGED_IN, or TOKEN_EXPIRED once its
   * token expired.
   */
  public static Session.Seat seat(Session session, String roomId) {
    Session.Seat seat = session.rooms().get(roomId);
    if (seat == null || !seat.active()) {
      throw ErrorCode.NOT_LOGGED_IN.exception("not in room " + roomId);
    }
    session.checkToken(seat);
    return seat;
  }

  /** Leaves every room of a session that ended. */
  public Future<?> leaveAll(Session session) {
    return Future.join(
        List.copyOf(session.rooms().entrySet()).stream()
            .map(e -> leave(session, e.getKey(), e.getValue()).otherwiseEmpty())
            .toList());
  }

  private Future<Void> leave(Session session, String roomId, Session.Seat seat) {
    sessions.leave(session, roomId);
    return leaves.logout(roomId, seat.userId, seat.userName, session.id());
  }

  /**
   * Takes one of our seats out of its room as a kick would: room-service's logout (the others get
   * DELETE for the user and its streams), then KICKOUT with {@code code} to the session.
   */
  public Future<Void> expel(
      Session session, String roomId, Session.Seat seat, ErrorCode code, String reason) {
    Future<Void> left = leave(session, roomId, seat);
    session.send(Protocol.roomStateChanged(roomId, "KICKOUT", code.code(), reason));
    return left;
  }

  /** room-service dropped one of our sessions from a room (duplicate login elsewhere, kick). */
  public void kicked(Session session, KickSession kick) {
    Session.Seat seat = session.rooms().get(kick.roomId());
    if (seat == null || !seat.userId.equals(kick.userId())) {
      return;
    }
    sessions.leave(session, kick.roomId());
    session.send(
        Protocol.roomStateChanged(kick.roomId(), "KICKOUT", kick.errorCode(), kick.reason()));
  }
}
