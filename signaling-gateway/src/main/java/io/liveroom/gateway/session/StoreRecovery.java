package io.liveroom.gateway.session;

import io.liveroom.gateway.GatewayNode;
import io.liveroom.gateway.requests.RoomRequests;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.KickSession;
import io.liveroom.infra.contracts.RestoreGateway;
import io.liveroom.infra.contracts.RestoreReport;
import java.util.HashSet;
import java.util.Set;

/**
 * After the store lost its state ({@code StoreReset}), this gateway still holds the live truth: its
 * connected and parked sessions, the rooms they are in, the streams they publish and the rooms'
 * extra info. It re-asserts all of it to room-service in one {@link RestoreGateway} (retried every
 * {@link #RETRY_MS} until it succeeds; a newer loss supersedes an older one), puts its parked
 * sessions back so they can still be resumed anywhere, and reports presence at once. Members notice
 * nothing, except a session whose user logged in elsewhere meanwhile: it is kicked as a duplicate
 * login, as it would have been with the store intact.
 */
public final class StoreRecovery {
  private static final System.Logger LOG = System.getLogger(StoreRecovery.class.getName());

  /** A restore carries the whole gateway: allow far more than one request's timeout. */
  static final long RESTORE_TIMEOUT_MS = 60_000;

  static final long RETRY_MS = 1_000;
  private final GatewayNode gateway;
  private final Seating seating;
  private final RoomRequests rooms;
  private final HeldSeats held;
  private long generation;
  private boolean announce;

  public StoreRecovery(GatewayNode gateway, Seating seating, RoomRequests rooms, HeldSeats held) {
    this.gateway = gateway;
    this.seating = seating;
    this.rooms = rooms;
    this.held = held;
  }

  public void storeReset() {
    long attempt = ++generation;
    held.repark();
    restore(attempt);
  }

  /**
   * This gateway's presence lease had lapsed (a frozen JVM, a partition): room-service may have
   * evicted its members, and their rooms saw them leave. Re-asserts everything as after a store
   * loss, and asks room-service to announce each seat it had evicted as a join again.
   */
  public void leaseLost() {
    announce = true;
    storeReset();
  }

  private void restore(long attempt) {
    if (attempt != generation) {
      return; // a newer loss restarted the restore
    }
    RestoreGateway state =
        new RestoreGateway(
            gateway.id(),
            held.seats(),
            seating.leaves().unannounced(),
            seating.fanout().extraInfo().all(),
            announce);
    gateway
        .bus()
        .request(Addresses.ROOM_GATEWAY_RESTORE, state, RestoreReport.class, RESTORE_TIMEOUT_MS)
        .onSuccess(
            report -> {
              if (attempt == generation) {
                announce = false;
              }
              restored(state, report);
            })
        .onFailure(
            e -> {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "re-asserting "
                      + state.seats().size()
                      + " seat(s) after a store loss"
                      + " failed ("
                      + e.getMessage()
                      + "); retrying in "
                      + RETRY_MS
                      + " ms");
              gateway.vertx().setTimer(RETRY_MS, t -> restore(attempt));
            });
  }

  private void restored(RestoreGateway state, RestoreReport report) {
    seating.leaves().announced(state.departed());
    for (RestoreGateway.Seat seat : report.refused()) {
      Session session = seating.sessions().get(seat.sessionId());
      if (session != null) {
        rooms.kicked(
            session,
            new KickSession(
                seat.sessionId(),
                seat.roomId(),
                seat.userId(),
                ErrorCode.KICKED_DUPLICATE_LOGIN.code(),
                ErrorCode.KICKED_DUPLICATE_LOGIN.message()));
      }
    }
    // seats that left while the restore was on its way were put back by it: they leave again
    Set<String> now = new HashSet<>();
    held.seats().forEach(s -> now.add(key(s)));
    Set<String> refused = new HashSet<>();
    report.refused().forEach(s -> refused.add(key(s)));
    for (RestoreGateway.Seat seat : state.seats()) {
      if (!now.contains(key(seat)) && !refused.contains(key(seat))) {
        seating.leaves().logout(seat.roomId(), seat.userId(), seat.userName(), seat.sessionId());
      }
    }
  }

  private static String key(RestoreGateway.Seat seat) {
    return seat.roomId() + "\n" + seat.userId() + "\n" + seat.sessionId();
  }
}
