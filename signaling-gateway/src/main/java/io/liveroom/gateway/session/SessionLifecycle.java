package io.liveroom.gateway.session;

import io.liveroom.gateway.GatewayNode;
import io.liveroom.gateway.requests.RoomRequests;
import io.liveroom.gateway.ws.CloseCodes;
import io.liveroom.gateway.ws.Protocol;
import io.liveroom.infra.contracts.SessionTakenOver;
import io.liveroom.infra.store.ParkedSession;
import io.liveroom.infra.store.SessionStore;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
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
 * resume token ({@link SessionResume}) and finds its rooms and streams intact; otherwise it expires
 * and leaves its rooms.
 */
public final class SessionLifecycle {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final GatewayNode gateway;
  private final SessionStore store;
  private final Seating seating;
  private final RoomRequests rooms;
  private final Map<String, Long> expiryTimers = new HashMap<>();
  private final Map<String, ParkedSession> parked = new HashMap<>();
  private final HandOverWatch handOvers;

  public SessionLifecycle(
      GatewayNode gateway, SessionStore store, Seating seating, RoomRequests rooms) {
    this.gateway = gateway;
    this.store = store;
    this.seating = seating;
    this.rooms = rooms;
    this.handOvers =
        new HandOverWatch(
            gateway.vertx(),
            gateway.bus(),
            gateway.id(),
            seating.sessions(),
            parked::containsKey,
            gateway.config().reconnectGraceMs());
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
        .put("heartbeatIntervalMs", gateway.config().heartbeatIntervalMs())
        .put("heartbeatTimeoutMs", gateway.config().heartbeatTimeoutMs())
        .put("reconnectGraceMs", gateway.config().reconnectGraceMs());
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
    if (gateway.config().reconnectGraceMs() == 0) {
      rooms.leaveAll(session);
      return;
    }
    ParkedSession parked =
        new ParkedSession(
            session.id(), session.resumeToken(), gateway.id(), seats, System.currentTimeMillis());
    store
        .park(parked, gateway.config().reconnectGraceMs() + 5_000)
        .onSuccess(
            v -> {
              this.parked.put(parked.sessionId(), parked);
              seating.fanout().membershipChanged();
              expiryTimers.put(
                  parked.sessionId(),
                  gateway
                      .vertx()
                      .setTimer(
                          gateway.config().reconnectGraceMs(), t -> expire(parked.sessionId())));
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
      long ttl = gateway.config().reconnectGraceMs() + 5_000 - (now - p.parkedAt());
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
      seating.fanout().membershipChanged();
    }
    return take(sessionId, null)
        .compose(
            parked ->
                parked == null
                    ? handOverLost(local)
                    : Future.join(
                        parked.seats().stream()
                            .map(
                                seat ->
                                    seating
                                        .leaves()
                                        .logout(
                                            seat.roomId(),
                                            seat.userId(),
                                            seat.userName(),
                                            sessionId,
                                            "heartbeat_timeout"))
                            .toList()));
  }

  /**
   * Takes a parked session (parked here or on another gateway) out of the store; null when there is
   * none, or {@code resumeToken} is not its token (null: any token).
   */
  Future<ParkedSession> take(String sessionId, String resumeToken) {
    return store.take(sessionId, resumeToken);
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
      seating.fanout().membershipChanged();
      if (!gateway.id().equals(takeOver.byGatewayId())) {
        handOvers.watch(handed);
      }
    }
    Long timer = expiryTimers.remove(takeOver.sessionId());
    if (timer != null) {
      gateway.vertx().cancelTimer(timer);
    }
  }

  /**
   * Closes connections silent past the heartbeat timeout; they park like any dropped connection.
   */
  public void sweep() {
    long deadline = System.currentTimeMillis() - gateway.config().heartbeatTimeoutMs();
    for (Session session : seating.sessions().snapshot()) {
      if (session.lastSeen() < deadline) {
        session.close(CloseCodes.HEARTBEAT_TIMEOUT, "heartbeat timeout");
      }
    }
  }
}
