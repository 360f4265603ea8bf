package io.liveroom.gateway.session;

import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.LogoutReply;
import io.liveroom.infra.contracts.LogoutRoom;
import io.liveroom.infra.contracts.RestoreGateway;
import io.liveroom.infra.logging.LogFields;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every departure of this gateway's sessions goes to room-service through here. Once a session has
 * left a room on this gateway, the room must see it go even when room-service or the store cannot
 * be reached just then: a logout that fails is kept and retried every {@link #RETRY_MS}, and after
 * a store loss it is announced by the restore ({@link StoreRecovery}). Entries are dropped once a
 * logout removed the membership, a restore announced them, or after {@link #KEEP_MS}; one that
 * room-service answered with nothing to remove is no longer sent but stays for a restore until
 * then.
 */
public final class PendingLeaves {
  private static final Logger LOG = LoggerFactory.getLogger(PendingLeaves.class);
  static final long RETRY_MS = 2_000;
  static final long KEEP_MS = 60_000;
  private final Bus bus;
  private final Map<String, Pending> pending = new LinkedHashMap<>();

  /**
   * {@code answered}: room-service answered that nothing was to remove (a store loss may have taken
   * it).
   */
  private record Pending(RestoreGateway.Seat seat, long since, boolean answered, String reason) {}

  public PendingLeaves(Vertx vertx, Bus bus) {
    this.bus = bus;
    vertx.setPeriodic(RETRY_MS, t -> retry());
  }

  /**
   * Tells room-service the session left the room. Succeeds once the departure is either done or
   * kept for retry: the session is out of the room on this gateway either way.
   */
  public Future<Void> logout(String roomId, String userId, String userName, String sessionId) {
    return logout(roomId, userId, userName, sessionId, null);
  }

  /** {@code reason}: the user.left reason word of the event log (null: logout). */
  public Future<Void> logout(
      String roomId, String userId, String userName, String sessionId, String reason) {
    return send(
            new RestoreGateway.Seat(roomId, userId, userName, sessionId, null, List.of()), reason)
        .recover(e -> Future.succeededFuture());
  }

  private Future<Void> send(RestoreGateway.Seat seat, String reason) {
    return bus.request(
            Addresses.ROOM_LOGOUT,
            new LogoutRoom(seat.roomId(), seat.userId(), seat.sessionId(), reason),
            LogoutReply.class)
        .onSuccess(
            reply -> {
              if (reply.removed()) {
                pending.remove(key(seat));
              } else {
                pending.computeIfPresent(
                    key(seat), (k, p) -> new Pending(p.seat(), p.since(), true, p.reason()));
              }
            })
        .onFailure(
            e ->
                pending.putIfAbsent(
                    key(seat), new Pending(seat, System.currentTimeMillis(), false, reason)))
        .mapEmpty();
  }

  private void retry() {
    long now = System.currentTimeMillis();
    for (Pending p : List.copyOf(pending.values())) {
      if (now - p.since() > KEEP_MS) {
        pending.remove(key(p.seat()));
        LOG.atWarn()
            .addKeyValue(LogFields.ROOM_ID, p.seat().roomId())
            .addKeyValue(LogFields.USER_ID, p.seat().userId())
            .log(
                "gave up announcing that {} left room {} after {} ms",
                p.seat().userId(),
                p.seat().roomId(),
                KEEP_MS);
      } else if (!p.answered()) {
        send(p.seat(), p.reason());
      }
    }
  }

  /** The departures not yet announced, for a restore to announce. */
  List<RestoreGateway.Seat> unannounced() {
    List<RestoreGateway.Seat> out = new ArrayList<>();
    pending.values().forEach(p -> out.add(p.seat()));
    return out;
  }

  /** A restore announced these. */
  void announced(List<RestoreGateway.Seat> seats) {
    seats.forEach(s -> pending.remove(key(s)));
  }

  int size() {
    return pending.size();
  }

  private static String key(RestoreGateway.Seat seat) {
    return seat.roomId() + "\n" + seat.userId() + "\n" + seat.sessionId();
  }
}
