package io.liveroom.gateway;

import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.KickSession;
import io.liveroom.infra.contracts.LoginReply;
import io.liveroom.infra.contracts.LoginRoom;
import io.liveroom.infra.contracts.LogoutReply;
import io.liveroom.infra.contracts.LogoutRoom;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** loginRoom and logoutRoom for the sessions of one gateway, and room-service's kicks. */
final class RoomRequests {
  private final String gatewayId;
  private final Bus bus;
  private final RoomFanout fanout;
  private final Fields fields;
  private final GatewayConfig config;

  RoomRequests(String gatewayId, Bus bus, RoomFanout fanout, GatewayConfig config) {
    this.gatewayId = gatewayId;
    this.bus = bus;
    this.fanout = fanout;
    this.fields = new Fields(config);
    this.config = config;
  }

  void register(ClientHandler handler) {
    handler.handle("loginRoom", this::login);
    handler.handle("logoutRoom", this::logout);
  }

  Future<Reply> login(Session session, JsonObject request) {
    String roomId = fields.id(request, "roomID");
    JsonObject user = fields.object(request, "user", true);
    String userId = fields.id(user, "userID", "user.userID");
    String userName = fields.name(user, "userName", "user.userName", userId);
    JsonObject options = fields.object(request, "config", false);
    boolean userUpdate = Fields.bool(options, "userUpdate", "config.userUpdate", false);
    int maxMemberCount = Fields.nonNegativeInt(options, "maxMemberCount", "config.maxMemberCount", 0);
    if (session.rooms.containsKey(roomId)) {
      throw ErrorCode.ALREADY_IN_ROOM.exception("already in room " + roomId);
    }
    if (session.rooms.size() >= config.maxRoomsPerSession()) {
      throw ErrorCode.TOO_MANY_ROOMS.exception("a connection may be in at most " + config.maxRoomsPerSession() + " rooms");
    }
    Session.Seat seat = new Session.Seat(userId, userName, userUpdate);
    session.rooms.put(roomId, seat);
    LoginRoom login = new LoginRoom(roomId, userId, userName, session.id, gatewayId, maxMemberCount);
    return fanout.enter(roomId, session)
        .compose(v -> bus.request(Addresses.ROOM_LOGIN, login, LoginReply.class))
        .transform(ar -> {
          if (ar.failed() || session.closed() || session.rooms.get(roomId) != seat) {
            if (session.rooms.get(roomId) == seat) {
              session.rooms.remove(roomId);
            }
            fanout.leave(roomId, session);
            if (ar.succeeded()) { // admitted, but the session went away meanwhile
              bus.request(Addresses.ROOM_LOGOUT, new LogoutRoom(roomId, userId, session.id), LogoutReply.class);
              return Future.failedFuture(ErrorCode.NOT_LOGGED_IN.exception("the session left room " + roomId));
            }
            return Future.failedFuture(ar.cause());
          }
          JsonObject body = new JsonObject().put("roomID", roomId);
          if (userUpdate) {
            body.put("userList", RoomFanout.users(ar.result().users()));
          }
          return Future.succeededFuture(new Reply(body, () -> {
            session.send(Protocol.roomStateChanged(roomId, "LOGINED", 0, ""));
            session.activate(seat);
          }));
        });
  }

  Future<Reply> logout(Session session, JsonObject request) {
    String roomId = fields.id(request, "roomID");
    Session.Seat seat = session.rooms.get(roomId);
    if (seat == null) {
      throw ErrorCode.NOT_LOGGED_IN.exception("not in room " + roomId);
    }
    return leave(session, roomId, seat).map(v -> new Reply(new JsonObject().put("roomID", roomId),
        () -> session.send(Protocol.roomStateChanged(roomId, "LOGOUT", 0, ""))));
  }

  /** Leaves every room of a session that went away. */
  Future<?> leaveAll(Session session) {
    return Future.join(java.util.List.copyOf(session.rooms.entrySet()).stream()
        .map(e -> leave(session, e.getKey(), e.getValue()).otherwiseEmpty()).toList());
  }

  private Future<Void> leave(Session session, String roomId, Session.Seat seat) {
    session.rooms.remove(roomId);
    fanout.leave(roomId, session);
    return bus.request(Addresses.ROOM_LOGOUT, new LogoutRoom(roomId, seat.userId, session.id), LogoutReply.class)
        .mapEmpty();
  }

  /** room-service dropped one of our sessions from a room (duplicate login elsewhere, kick). */
  void kicked(Session session, KickSession kick) {
    Session.Seat seat = session.rooms.get(kick.roomId());
    if (seat == null || !seat.userId.equals(kick.userId())) {
      return;
    }
    session.rooms.remove(kick.roomId());
    fanout.leave(kick.roomId(), session);
    session.send(Protocol.roomStateChanged(kick.roomId(), "KICKOUT", kick.errorCode(), kick.reason()));
  }
}
