package io.liveroom.gateway.session;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.fanout.RoomFanout;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.GatewayLease;
import io.liveroom.infra.contracts.LeaseAck;
import io.liveroom.infra.contracts.RoomPresence;
import io.liveroom.infra.store.ParkedSession;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Keeps this gateway's presence lease alive: reports its full local state ({@link GatewayLease}) to
 * presence-service right after start and then every {@code reportIntervalMs} the last {@link
 * LeaseAck} named ({@code gateway.presenceReportIntervalMs} until the first ack), one report in
 * flight at a time, retrying after {@code gateway.presenceRetryMs} when one fails.
 *
 * <p>What counts: per room, the sessions whose login completed (a login still in flight is left for
 * the next report) and the distinct userIDs behind them, plus the sessions parked here after their
 * socket dropped: they are still members (nobody saw them leave), so they stay online until they
 * resume (then the resuming gateway reports them) or their grace period ends.
 *
 * <p>Changes go out early: when a room's local membership changes (a login completes, a member
 * leaves, a session parks or its grace ends), the next report is sent within {@code
 * gateway.presenceChangeReportMs} rather than at the next period, so counts are exact well within a
 * second after a change; a burst of changes shares one report. Reports are full state, so an early
 * report also renews the lease, and the wait grows with the gateway's size (1 ms per {@value
 * #SESSIONS_PER_MS} sessions of the last report) so a gateway with many members does not resend its
 * whole state several times a second.
 *
 * <p>On a clean stop an empty report goes first, so the counts drop at once rather than after the
 * lease TTL. Confined to the gateway's event loop.
 */
public final class PresenceReporter {
  private static final System.Logger LOG = System.getLogger(PresenceReporter.class.getName());
  private final Vertx vertx;
  private final String gatewayId;
  private final Bus bus;
  private final RoomFanout fanout;
  private final Supplier<Collection<ParkedSession>> parked;
  private final GatewayConfig config;
  private long intervalMs;
  private long timer = -1;
  private long changeTimer = -1;
  private boolean changedDuringReport;
  private int lastReportSessions;
  static final int SESSIONS_PER_MS = 25;
  private Future<?> inFlight = Future.succeededFuture();
  private boolean stopped;
  private boolean failing;
  private boolean acked;
  private long reports;
  private long lastAckedSentAt;
  private long lastTtlMs;

  private Runnable leaseLost = () -> {};

  /**
   * What to do when a report finds this gateway's lease had lapsed while it lived (a frozen JVM, a
   * partition): its members may have been evicted and must be re-asserted.
   */
  public void onLeaseLost(Runnable action) {
    this.leaseLost = action;
  }

  public PresenceReporter(
      Vertx vertx,
      String gatewayId,
      Bus bus,
      RoomFanout fanout,
      Supplier<Collection<ParkedSession>> parked,
      GatewayConfig config) {
    this.vertx = vertx;
    this.gatewayId = gatewayId;
    this.bus = bus;
    this.fanout = fanout;
    this.parked = parked;
    this.config = config;
    this.intervalMs = config.presenceReportIntervalMs();
  }

  public void start() {
    report();
  }

  /** A room's local membership changed: report within {@code presenceChangeReportMs}. */
  public void changed() {
    if (stopped || config.presenceChangeReportMs() == 0 || changeTimer != -1) {
      return;
    }
    long delay = Math.max(config.presenceChangeReportMs(), lastReportSessions / SESSIONS_PER_MS);
    changeTimer =
        vertx.setTimer(
            delay,
            t -> {
              changeTimer = -1;
              if (!inFlight.isComplete()) {
                changedDuringReport = true; // this report's snapshot may predate the change
              } else if (!stopped && !failing) {
                vertx.cancelTimer(timer);
                report();
              }
            });
  }

  /** Reports successfully acknowledged so far. */
  public long reports() {
    return reports;
  }

  /** Stops reporting and withdraws this gateway's presence with an empty report (best effort). */
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    vertx.cancelTimer(changeTimer);
    GatewayLease empty = new GatewayLease(gatewayId, 0, List.of());
    return inFlight
        .transform(
            ar ->
                bus.request(
                    Addresses.PRESENCE_LEASE_REPORT,
                    empty,
                    LeaseAck.class,
                    config.presenceRetryMs()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private void report() {
    if (stopped) {
      return;
    }
    List<RoomPresence> rooms = snapshot();
    lastReportSessions = rooms.stream().mapToInt(RoomPresence::sessions).sum();
    GatewayLease lease = new GatewayLease(gatewayId, 0, rooms);
    long sentAt = System.nanoTime();
    Future<LeaseAck> sent = bus.request(Addresses.PRESENCE_LEASE_REPORT, lease, LeaseAck.class);
    inFlight = sent;
    sent.onComplete(
        ar -> {
          if (ar.succeeded()) {
            LeaseAck ack = ar.result();
            reports++;
            if (failing) {
              LOG.log(
                  System.Logger.Level.INFO,
                  "presence reports of gateway " + gatewayId + " go through again");
            }
            long sinceStoredMs = (System.nanoTime() - lastAckedSentAt) / 1_000_000;
            if (!ack.renewed() && acked) {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "the presence lease of gateway "
                      + gatewayId
                      + " had expired; "
                      + "room-service may have evicted its members: re-asserting them");
              leaseLost.run();
            } else if (failing && acked && lastTtlMs > 0 && sinceStoredMs >= lastTtlMs) {
              // A report whose reply was lost (a partition that healed, a timeout) may have
              // renewed the lapsed lease and told only the void: this ack cannot show it.
              LOG.log(
                  System.Logger.Level.WARNING,
                  "presence reports of gateway "
                      + gatewayId
                      + " failed for "
                      + sinceStoredMs
                      + " ms, longer than its lease ("
                      + lastTtlMs
                      + " ms): room-service may have evicted its members: re-asserting them");
              leaseLost.run();
            }
            failing = false;
            acked = true;
            lastAckedSentAt = sentAt;
            lastTtlMs = ack.ttlMs();
            intervalMs = ack.reportIntervalMs() > 0 ? ack.reportIntervalMs() : intervalMs;
          } else if (!failing) {
            failing = true;
            LOG.log(
                System.Logger.Level.WARNING,
                "presence report of gateway "
                    + gatewayId
                    + " failed, retrying every "
                    + config.presenceRetryMs()
                    + " ms: "
                    + ar.cause().getMessage());
          }
          if (!stopped) {
            timer =
                vertx.setTimer(
                    ar.succeeded() ? intervalMs : config.presenceRetryMs(), t -> report());
            if (changedDuringReport) {
              changedDuringReport = false;
              changed();
            }
          }
        });
  }

  /** Every room this gateway holds: live sessions with a completed login, and parked sessions. */
  List<RoomPresence> snapshot() {
    Map<String, int[]> sessions = new LinkedHashMap<>();
    Map<String, Set<String>> users = new LinkedHashMap<>();
    fanout
        .rooms()
        .forEach(
            (roomId, members) -> {
              for (Session.Seat seat : members.values()) {
                if (seat.active()) {
                  sessions.computeIfAbsent(roomId, k -> new int[1])[0]++;
                  users.computeIfAbsent(roomId, k -> new LinkedHashSet<>()).add(seat.userId);
                }
              }
            });
    for (ParkedSession p : parked.get()) {
      for (ParkedSession.Seat seat : p.seats()) {
        sessions.computeIfAbsent(seat.roomId(), k -> new int[1])[0]++;
        users.computeIfAbsent(seat.roomId(), k -> new LinkedHashSet<>()).add(seat.userId());
      }
    }
    List<RoomPresence> out = new ArrayList<>(sessions.size());
    sessions.forEach(
        (roomId, n) -> out.add(new RoomPresence(roomId, n[0], List.copyOf(users.get(roomId)))));
    return out;
  }
}
