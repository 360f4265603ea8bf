package io.liveroom.gateway.session;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.fanout.RoomFanout;
import io.liveroom.gateway.requests.RoomRequests;
import io.liveroom.gateway.ws.CloseCodes;
import io.liveroom.gateway.ws.Protocol;
import io.liveroom.gateway.ws.Pushes;
import io.liveroom.gateway.ws.Reply;
import io.liveroom.infra.auth.TokenClaims;
import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.LoginReply;
import io.liveroom.infra.contracts.ResumeReply;
import io.liveroom.infra.contracts.ResumeSeat;
import io.liveroom.infra.contracts.ResumeSession;
import io.liveroom.infra.contracts.SessionTakenOver;
import io.liveroom.infra.store.ParkedSession;
import io.liveroom.infra.store.SessionStore;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's life beyond one socket: a connection that drops while in rooms is parked for the
 * reconnect grace period (members see nothing); the client resumes it on any gateway with its
 * resume token and finds its rooms and streams intact; otherwise it expires and leaves its rooms.
 */
public final class SessionLifecycle {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Vertx vertx;
  private final String gatewayId;
  private final Bus bus;
  private final SessionStore store;
  private final RoomFanout fanout;
  private final SessionRegistry sessions;
  private final RoomRequests rooms;
  private final GatewayConfig config;
  private final TokenService tokens;
  private final PendingLeaves leaves;
  private final Map<String, Long> expiryTimers = new HashMap<>();
  private final Map<String, ParkedSession> parked = new HashMap<>();
  private final HandOverWatch handOvers;

  public SessionLifecycle(
      Vertx vertx,
      String gatewayId,
      Bus bus,
      SessionStore store,
      SessionRegistry sessions,
      RoomFanout fanout,
      RoomRequests rooms,
      GatewayConfig config,
      TokenService tokens,
      PendingLeaves leaves) {
    this.sessions = sessions;
    this.leaves = leaves;
    this.vertx = vertx;
    this.gatewayId = gatewayId;
    this.bus = bus;
    this.store = store;
    this.fanout = fanout;
    this.rooms = rooms;
    this.config = config;
    this.tokens = tokens;
    this.handOvers =
        new HandOverWatch(
            vertx, bus, gatewayId, sessions, parked::containsKey, config.reconnectGraceMs());
  }

  public static String newToken() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public JsonObject opened(Session session) {
    return Protocol.push("sessionOpened")
        .put("sessionID", session.id())
        .put("resumeToken", session.resumeToken())
        .put("heartbeatIntervalMs", config.heartbeatIntervalMs())
        .put("heartbeatTimeoutMs", config.heartbeatTimeoutMs())
        .put("reconnectGraceMs", config.reconnectGraceMs());
  }

  /**
   * The socket is gone (the session is already out of the registry and the rooms' fan-out): park
   * the session when it is in rooms, so the client may come back.
   */
  public void closed(Session session) {
    List<ParkedSession.Seat> seats = new ArrayList<>();
    session
        .rooms()
        .forEach(
            (roomId, seat) -> {
              if (seat.active()) {
                seats.add(
                    new ParkedSession.Seat(
                        roomId,
                        seat.userId,
                        seat.userName,
                        seat.userUpdate,
                        seat.token,
                        List.copyOf(seat.streams),
                        seat.mode,
                        seat.extraInfo,
                        seat.serverPublish()));
              }
            });
    if (seats.isEmpty()) {
      return;
    }
    if (config.reconnectGraceMs() == 0) {
      rooms.leaveAll(session);
      return;
    }
    ParkedSession parked =
        new ParkedSession(
            session.id(), session.resumeToken(), gatewayId, seats, System.currentTimeMillis());
    store
        .park(parked, config.reconnectGraceMs() + 5_000)
        .onSuccess(
            v -> {
              this.parked.put(parked.sessionId(), parked);
              fanout.membershipChanged();
              expiryTimers.put(
                  parked.sessionId(),
                  vertx.setTimer(config.reconnectGraceMs(), t -> expire(parked.sessionId())));
            });
  }

  /**
   * The sessions parked here and not yet resumed or expired. They are still members of their rooms
   * (nobody saw them leave), so presence counts them as online until they resume or expire.
   */
  public Collection<ParkedSession> parked() {
    return parked.values();
  }

  /**
   * The store lost its state: the sessions parked here go back into it, so they can still be
   * resumed anywhere.
   */
  void repark() {
    long now = System.currentTimeMillis();
    for (ParkedSession p : List.copyOf(parked.values())) {
      long ttl = config.reconnectGraceMs() + 5_000 - (now - p.parkedAt());
      if (ttl > 0) {
        store.park(p, ttl);
      }
    }
  }

  /**
   * The grace period is over: if nobody resumed the session, it leaves its rooms (DELETE events).
   */
  Future<?> expire(String sessionId) {
    expiryTimers.remove(sessionId);
    ParkedSession local = parked.remove(sessionId);
    if (local != null) {
      fanout.membershipChanged();
    }
    return store
        .take(sessionId, null)
        .compose(
            parked ->
                parked == null
                    ? handOverLost(local)
                    : Future.join(
                        parked.seats().stream()
                            .map(
                                seat ->
                                    leaves.logout(
                                        seat.roomId(),
                                        seat.userId(),
                                        seat.userName(),
                                        sessionId,
                                        "heartbeat_timeout"))
                            .toList()));
  }

  /**
   * Taken from the store, but its taker's {@link SessionTakenOver} did not come (yet): the taker
   * may have died before it reached room-service.
   */
  private Future<CompositeFuture> handOverLost(ParkedSession local) {
    if (local != null) {
      handOvers.watch(local);
    }
    return Future.succeededFuture();
  }

  /** Another gateway resumed a session we parked. */
  public void takenOver(SessionTakenOver takeOver) {
    ParkedSession handed = parked.remove(takeOver.sessionId());
    if (handed != null) {
      fanout.membershipChanged();
      if (!gatewayId.equals(takeOver.byGatewayId())) {
        handOvers.watch(handed);
      }
    }
    Long timer = expiryTimers.remove(takeOver.sessionId());
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }

  /**
   * {@code resume}: the first request of a new connection, with the old sessionID and resume token.
   */
  public Future<Reply> resume(Session session, JsonObject request) {
    if (!session.rooms().isEmpty()) {
      throw ErrorCode.BAD_REQUEST.exception("resume must come before any login on a connection");
    }
    Object id = request.getValue("sessionID");
    Object token = request.getValue("resumeToken");
    if (!(id instanceof String sessionId) || !(token instanceof String resumeToken)) {
      throw ErrorCode.INVALID_FIELD.exception("resume needs sessionID and resumeToken strings");
    }
    return store
        .take(sessionId, resumeToken)
        .compose(
            parked -> {
              if (parked == null) {
                return Future.failedFuture(
                    ErrorCode.SESSION_NOT_RESUMABLE.exception(
                        "session " + sessionId + " cannot be resumed"));
              }
              if (parked.gatewayId().equals(gatewayId)) {
                takenOver(new SessionTakenOver(sessionId, gatewayId));
              } else {
                bus.send(
                    Addresses.gatewaySessionControl(parked.gatewayId()),
                    new SessionTakenOver(sessionId, gatewayId));
              }
              sessions.rename(session, sessionId, newToken());
              return rejoin(session, parked);
            });
  }

  private Future<Reply> rejoin(Session session, ParkedSession parked) {
    List<Future<Void>> subscriptions = new ArrayList<>();
    for (ParkedSession.Seat p : parked.seats()) {
      TokenClaims claims = claimsOf(p.token());
      Session.Seat seat =
          new Session.Seat(p.userId(), p.userName(), p.userUpdate(), claims, p.token(), p.mode());
      seat.streams.addAll(p.streams());
      seat.extraInfo.putAll(p.extraInfo());
      if (p.serverPublish() != null) {
        seat.serverPublish(p.serverPublish()); // what the server API set outlives the reconnect
      }
      subscriptions.add(sessions.enter(session, p.roomId(), seat));
    }
    List<ResumeSeat> seats =
        parked.seats().stream().map(s -> new ResumeSeat(s.roomId(), s.userId())).toList();
    return Future.all(subscriptions)
        .compose(
            v ->
                bus.request(
                    Addresses.ROOM_SESSION_RESUME,
                    new ResumeSession(parked.sessionId(), gatewayId, seats),
                    ResumeReply.class))
        .map(
            reply -> {
              JsonArray roomsJson = new JsonArray();
              for (LoginReply room : reply.rooms()) {
                fanout.extraInfo().learn(room.roomId(), room.extraInfo());
                roomsJson.add(Pushes.room(room, session.rooms().get(room.roomId()).userUpdate));
              }
              for (String lost : reply.lost()) {
                sessions.abandon(session, lost, session.rooms().get(lost));
              }
              JsonObject body =
                  new JsonObject()
                      .put("sessionID", session.id())
                      .put("resumeToken", session.resumeToken())
                      .put("rooms", roomsJson)
                      .put("lostRooms", new JsonArray(reply.lost()));
              return new Reply(
                  body,
                  () -> {
                    reply
                        .lost()
                        .forEach(
                            roomId ->
                                session.send(
                                    Protocol.roomStateChanged(
                                        roomId,
                                        "KICKOUT",
                                        ErrorCode.SESSION_EXPIRED.code(),
                                        "the session lost this room while away")));
                    session
                        .rooms()
                        .forEach(
                            (roomId, seat) -> {
                              session.send(Protocol.roomStateChanged(roomId, "RECONNECTED", 0, ""));
                              session.activate(seat);
                            });
                    fanout.membershipChanged();
                  });
            });
  }

  private TokenClaims claimsOf(String token) {
    try {
      return tokens.verify(token);
    } catch (RuntimeException e) {
      return null; // expired since login: the session stays, but may not publish anything new
    }
  }

  /**
   * Closes connections silent past the heartbeat timeout; they park like any dropped connection.
   */
  public void sweep() {
    long deadline = System.currentTimeMillis() - config.heartbeatTimeoutMs();
    for (Session session : sessions.snapshot()) {
      if (session.lastSeen() < deadline) {
        session.close(CloseCodes.HEARTBEAT_TIMEOUT, "heartbeat timeout");
      }
    }
  }
}
