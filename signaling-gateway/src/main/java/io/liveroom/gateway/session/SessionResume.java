package io.liveroom.gateway.session;

import io.liveroom.gateway.GatewayNode;
import io.liveroom.gateway.fanout.RoomFanout;
import io.liveroom.gateway.ws.Protocol;
import io.liveroom.gateway.ws.Pushes;
import io.liveroom.gateway.ws.Reply;
import io.liveroom.infra.auth.TokenClaims;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.LoginReply;
import io.liveroom.infra.contracts.ResumeReply;
import io.liveroom.infra.contracts.ResumeSeat;
import io.liveroom.infra.contracts.ResumeSession;
import io.liveroom.infra.contracts.SessionTakenOver;
import io.liveroom.infra.store.ParkedSession;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code resume}: a new connection takes over a session parked by {@link SessionLifecycle} (here or
 * on another gateway, which is told): the session gets its id back and a new resume token, its
 * seats enter their rooms again and room-service re-homes them here with their streams; rooms lost
 * meanwhile are reported and left.
 */
public final class SessionResume {
  /**
   * How long, at most, a resume looks for its session in the store. A client that closes its socket
   * and reconnects at once (a network change, or another gateway) can ask before the old
   * connection's gateway has finished parking the session; it is parked within milliseconds, so the
   * resume looks again every {@link #RESUME_RETRY_MS} for this long (and for no more than a tenth
   * of {@code gateway.reconnectGraceMs}, so a wrong token costs the real owner little of its grace)
   * before answering {@code SESSION_NOT_RESUMABLE}.
   */
  static final long RESUME_GRACE_MS = 1_500;

  static final long RESUME_RETRY_MS = 100;

  private final GatewayNode gateway;
  private final SessionRegistry sessions;
  private final RoomFanout fanout;
  private final SessionLifecycle lifecycle;

  public SessionResume(
      GatewayNode gateway,
      SessionRegistry sessions,
      RoomFanout fanout,
      SessionLifecycle lifecycle) {
    this.gateway = gateway;
    this.sessions = sessions;
    this.fanout = fanout;
    this.lifecycle = lifecycle;
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
    long grace = Math.min(RESUME_GRACE_MS, gateway.config().reconnectGraceMs() / 10);
    return takeSoon(sessionId, resumeToken, System.currentTimeMillis() + grace)
        .compose(
            parked -> {
              if (parked == null) {
                return Future.failedFuture(
                    ErrorCode.SESSION_NOT_RESUMABLE.exception(
                        "session " + sessionId + " cannot be resumed"));
              }
              if (parked.gatewayId().equals(gateway.id())) {
                lifecycle.takenOver(new SessionTakenOver(sessionId, gateway.id()));
              } else {
                gateway
                    .bus()
                    .send(
                        Addresses.gatewaySessionControl(parked.gatewayId()),
                        new SessionTakenOver(sessionId, gateway.id()));
              }
              sessions.rename(session, sessionId, SessionLifecycle.newToken());
              return rejoin(session, parked);
            });
  }

  /** The parked session, looking again until {@code deadline} while it is not (yet) there. */
  private Future<ParkedSession> takeSoon(String sessionId, String resumeToken, long deadline) {
    return lifecycle
        .take(sessionId, resumeToken)
        .compose(
            parked ->
                parked != null || System.currentTimeMillis() >= deadline
                    ? Future.succeededFuture(parked)
                    : gateway
                        .vertx()
                        .timer(RESUME_RETRY_MS, TimeUnit.MILLISECONDS)
                        .compose(t -> takeSoon(sessionId, resumeToken, deadline)));
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
                gateway
                    .bus()
                    .request(
                        Addresses.ROOM_SESSION_RESUME,
                        new ResumeSession(parked.sessionId(), gateway.id(), seats),
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
      return gateway.tokens().verify(token);
    } catch (RuntimeException e) {
      return null; // expired since login: the session stays, but may not publish anything new
    }
  }
}
