package io.liveroom.gateway.session;

import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.EventPayload.LeaveReason;
import io.liveroom.infra.contracts.LogoutReply;
import io.liveroom.infra.contracts.LogoutRoom;
import io.liveroom.infra.logging.LogFields;
import io.liveroom.infra.store.ParkedSession;
import io.vertx.core.Vertx;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a parked session this gateway handed over to another gateway does not outlive a failed
 * hand-over. Resuming elsewhere takes the session out of the session store and tells this gateway
 * ({@code SessionTakenOver}) before room-service moves its memberships to the new gateway; if that
 * move never happens (the resume request timed out, e.g. it went to a room-service instance killed
 * just then, or the new gateway died first), the memberships stay held through this gateway, which
 * no longer has the session, so neither its grace expiry nor a gateway eviction would ever end them
 * (a {@code user.joined} without a {@code user.left}). So {@link #DELAY_MS} after the reconnect
 * grace, unless the session is back on this gateway, each of its rooms gets a logout that removes
 * the membership only if this session still holds it through this gateway ({@link
 * LogoutRoom#heldThrough()}, reason {@code heartbeat_timeout}: the connection was lost and not
 * resumed): a resume that completed changes nothing.
 */
final class HandOverWatch {
  /** Past the reconnect grace: longer than any resume's bus request may take. */
  static final long DELAY_MS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(HandOverWatch.class);
  private final Vertx vertx;
  private final Bus bus;
  private final String gatewayId;
  private final SessionRegistry sessions;
  private final Predicate<String> parkedHere;
  private final long graceMs;

  HandOverWatch(
      Vertx vertx,
      Bus bus,
      String gatewayId,
      SessionRegistry sessions,
      Predicate<String> parkedHere,
      long graceMs) {
    this.vertx = vertx;
    this.bus = bus;
    this.gatewayId = gatewayId;
    this.sessions = sessions;
    this.parkedHere = parkedHere;
    this.graceMs = graceMs;
  }

  /** {@code handed}: a session parked here that another gateway took. */
  void watch(ParkedSession handed) {
    vertx.setTimer(graceMs + DELAY_MS, t -> check(handed));
  }

  void check(ParkedSession handed) {
    String sessionId = handed.sessionId();
    if (sessions.get(sessionId) != null || parkedHere.test(sessionId)) {
      return; // it came back here: its memberships are ours again
    }
    for (ParkedSession.Seat seat : handed.seats()) {
      bus.request(
              Addresses.ROOM_LOGOUT,
              new LogoutRoom(
                  seat.roomId(),
                  seat.userId(),
                  sessionId,
                  LeaveReason.HEARTBEAT_TIMEOUT.wire(),
                  gatewayId),
              LogoutReply.class)
          .onSuccess(
              reply -> {
                if (reply.removed()) {
                  LOG.atInfo()
                      .addKeyValue(LogFields.ROOM_ID, seat.roomId())
                      .addKeyValue(LogFields.USER_ID, seat.userId())
                      .addKeyValue(LogFields.SESSION_ID, sessionId)
                      .log(
                          "{} left room {}: its session was handed to a gateway that never resumed"
                              + " it",
                          seat.userId(),
                          seat.roomId());
                }
              })
          .onFailure(
              e ->
                  LOG.atWarn()
                      .addKeyValue(LogFields.ROOM_ID, seat.roomId())
                      .addKeyValue(LogFields.SESSION_ID, sessionId)
                      .log("checking the hand-over of session {}: {}", sessionId, e.toString()));
    }
  }
}
