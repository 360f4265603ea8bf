package io.liveroom.presence;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.GatewayExpired;
import io.liveroom.infra.contracts.GatewayLease;
import io.liveroom.infra.contracts.LeaseAck;
import io.liveroom.infra.contracts.OnlineQuery;
import io.liveroom.infra.contracts.OnlineSummary;
import io.liveroom.infra.contracts.RoomCount;
import io.liveroom.infra.contracts.RoomCountQuery;
import io.liveroom.infra.contracts.RoomOnlineCountChanged;
import io.liveroom.infra.contracts.RoomPresence;
import io.liveroom.infra.contracts.UserPresence;
import io.liveroom.infra.contracts.UserPresenceQuery;
import io.liveroom.presence.store.LeaseStore;
import io.liveroom.presence.store.PresenceView;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Who is online and how many, from per-gateway leases: each gateway reports its full local state
 * every {@code reportIntervalMs}; counts are the aggregate of the live leases only.
 *
 * <p><b>Accuracy contract.</b> (1) <i>Exact once changes stop</i>: when no session has joined or
 * left for {@code reportIntervalMs + viewMaxAgeMs}, every query answers exactly: a room's sessions
 * are the sum over live gateways, its users the distinct userIDs, the totals likewise. (2)
 * <i>Converges within one refresh interval after changes</i>: a join or leave shows in queries at
 * most {@code reportIntervalMs + viewMaxAgeMs} (plus bus latency) later, and in the next count push
 * after that ({@code pushIntervalMs}). (3) <i>Within the lease TTL after a gateway crash</i>: a
 * gateway that stops reporting stops counting {@code leaseTtlMs} after its last report (queries:
 * plus {@code viewMaxAgeMs}); its {@link GatewayExpired} follows within {@code expiryScanMs},
 * published once across every instance sharing the store (the claim is atomic; an instance dying
 * between claim and publish loses it, so consumers must also tolerate none and, on retry paths,
 * duplicates).
 *
 * <p>Count pushes: one instance at a time holds the push leadership (a lease in the store, renewed
 * each round, {@code 3 * pushIntervalMs}); it publishes {@link RoomOnlineCountChanged} for rooms
 * whose distinct-user count differs from the last pushed one (0 when a room empties), and records
 * the pushed counts in the store so a successor continues without repeating or missing a change.
 *
 * <p>Confined to one Vert.x context (the verticle's): not thread-safe.
 */
public final class PresenceService {
  private static final long MAX_TTL_MS = 3_600_000;
  private final LeaseStore store;
  private final PresenceConfig config;
  private final PresenceEvents events;
  private final Clock clock;
  private final String instanceId;
  private volatile PresenceView cached;
  private long cachedAt;
  private Future<PresenceView> loading;
  private Map<String, Integer> lastPushed; // while this instance leads the pushes

  private final LongAdder reportsReceived = new LongAdder();
  private final LongAdder leasesExpired = new LongAdder();

  /** Gateway reports received by this instance (for metrics). */
  public long reportsReceived() {
    return reportsReceived.sum();
  }

  /** Gateway leases this instance found expired and announced (for metrics). */
  public long leasesExpired() {
    return leasesExpired.sum();
  }

  /**
   * The latest counts this instance read (users, sessions, rooms): refreshed by queries and, on the
   * instance leading the pushes, every {@code pushIntervalMs}; empty before the first read.
   */
  public PresenceView lastView() {
    PresenceView v = cached;
    return v == null ? PresenceView.empty() : v;
  }

  public PresenceService(
      LeaseStore store,
      PresenceConfig config,
      PresenceEvents events,
      Clock clock,
      String instanceId) {
    this.store = store;
    this.config = config;
    this.events = events;
    this.clock = clock;
    this.instanceId = instanceId;
  }

  /** Stores a gateway's report (normalised: see {@link #normalise}) under its lease. */
  public Future<LeaseAck> report(GatewayLease lease) {
    reportsReceived.increment();
    GatewayLease clean = normalise(lease);
    return store
        .report(clean)
        .map(
            renewed ->
                new LeaseAck(clean.gatewayId(), renewed, clean.ttlMs(), config.reportIntervalMs()));
  }

  public Future<RoomCount> roomCount(RoomCountQuery query) {
    String roomId = require(query.roomId(), "roomId");
    return view().map(v -> v.room(roomId));
  }

  public Future<OnlineSummary> online(OnlineQuery query) {
    int topN = query.topN() <= 0 ? config.topN() : Math.min(query.topN(), config.maxTopN());
    return view().map(v -> v.summary(topN));
  }

  public Future<UserPresence> user(UserPresenceQuery query) {
    String userId = require(query.userId(), "userId");
    return view().map(v -> v.user(userId));
  }

  /** Claims the leases that ran out and publishes one {@link GatewayExpired} for each. */
  public Future<List<GatewayExpired>> expire() {
    return store
        .claimExpired()
        .map(
            expired -> {
              leasesExpired.add(expired.size());
              expired.forEach(events::gatewayExpired);
              return expired;
            });
  }

  /**
   * One push round: when this instance leads, publishes the counts that changed since the last
   * push.
   */
  public Future<List<RoomOnlineCountChanged>> pushCounts() {
    return store
        .holdPushLeadership(instanceId, config.pushLeadershipTtlMs())
        .andThen(
            ar -> {
              if (ar.failed() || !ar.result()) {
                lastPushed = null; // another instance may push meanwhile: reload when leading again
              }
            })
        .compose(
            leader -> {
              if (!leader) {
                return Future.succeededFuture(List.of());
              }
              Future<Map<String, Integer>> previous =
                  lastPushed != null ? Future.succeededFuture(lastPushed) : store.pushedCounts();
              return previous.compose(pushed -> fresh().compose(view -> push(pushed, view)));
            });
  }

  private Future<List<RoomOnlineCountChanged>> push(
      Map<String, Integer> pushed, PresenceView view) {
    Map<String, Integer> now = new HashMap<>();
    view.onlineCounts()
        .forEach(
            (roomId, count) -> {
              if (count > 0) {
                now.put(roomId, count);
              }
            });
    Map<String, Integer> changed = new HashMap<>();
    now.forEach(
        (roomId, count) -> {
          if (!count.equals(pushed.get(roomId))) {
            changed.put(roomId, count);
          }
        });
    pushed.forEach(
        (roomId, count) -> {
          if (!now.containsKey(roomId)) {
            changed.put(roomId, 0);
          }
        });
    List<RoomOnlineCountChanged> out = new ArrayList<>();
    changed.forEach((roomId, count) -> out.add(new RoomOnlineCountChanged(roomId, count)));
    out.sort(Comparator.comparing(RoomOnlineCountChanged::roomId));
    out.forEach(events::roomCountChanged);
    lastPushed = now;
    return store.savePushedCounts(changed).map(out);
  }

  /** Gives up the push leadership (on undeploy), so another instance takes over without waiting. */
  public Future<Void> close() {
    lastPushed = null;
    return store.releasePushLeadership(instanceId);
  }

  /** The aggregate, at most {@code viewMaxAgeMs} old; concurrent loads share one store read. */
  private Future<PresenceView> view() {
    if (cached != null
        && config.viewMaxAgeMs() > 0
        && clock.millis() - cachedAt < config.viewMaxAgeMs()) {
      return Future.succeededFuture(cached);
    }
    if (loading != null) {
      return loading;
    }
    Future<PresenceView> load = fresh();
    if (!load.isComplete()) {
      loading = load;
      load.onComplete(ar -> loading = null);
    }
    return load;
  }

  private Future<PresenceView> fresh() {
    long now = clock.millis();
    return store
        .view()
        .andThen(
            ar -> {
              if (ar.succeeded()) {
                cached = ar.result();
                cachedAt = now;
              }
            });
  }

  /**
   * Checks a report and puts it in canonical form: ttlMs 0 becomes {@code leaseTtlMs}; entries of
   * the same room merge; userIDs are distinct; sessions are at least the number of users (a user
   * has a session); rooms without sessions are dropped.
   */
  GatewayLease normalise(GatewayLease lease) {
    String gatewayId = require(lease.gatewayId(), "gatewayId");
    if (lease.ttlMs() < 0 || lease.ttlMs() > MAX_TTL_MS) {
      throw ErrorCode.INVALID_FIELD.exception(
          "ttlMs must be between 0 and " + MAX_TTL_MS + ", got " + lease.ttlMs());
    }
    Map<String, int[]> sessions = new LinkedHashMap<>();
    Map<String, Set<String>> users = new HashMap<>();
    for (RoomPresence room : lease.rooms()) {
      String roomId = require(room == null ? null : room.roomId(), "rooms[].roomId");
      if (room.sessions() < 0) {
        throw ErrorCode.INVALID_FIELD.exception(
            "rooms[].sessions must not be negative in room " + roomId);
      }
      sessions.computeIfAbsent(roomId, k -> new int[1])[0] += room.sessions();
      Set<String> of = users.computeIfAbsent(roomId, k -> new LinkedHashSet<>());
      room.userIds().forEach(userId -> of.add(require(userId, "rooms[].userIds[]")));
    }
    List<RoomPresence> rooms = new ArrayList<>();
    sessions.forEach(
        (roomId, n) -> {
          Set<String> of = users.get(roomId);
          int count = Math.max(n[0], of.size());
          if (count > 0) {
            rooms.add(new RoomPresence(roomId, count, List.copyOf(of)));
          }
        });
    long ttl = lease.ttlMs() == 0 ? config.leaseTtlMs() : lease.ttlMs();
    return new GatewayLease(gatewayId, ttl, rooms);
  }

  private static String require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw ErrorCode.INVALID_FIELD.exception(field + " is required");
    }
    return value;
  }
}
