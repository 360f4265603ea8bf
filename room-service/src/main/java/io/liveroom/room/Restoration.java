package io.liveroom.room;

import io.liveroom.infra.contracts.EventPayload.LeaveReason;
import io.liveroom.infra.contracts.OpenMediaSession;
import io.liveroom.infra.contracts.RestoreGateway;
import io.liveroom.infra.contracts.RestoreReport;
import io.liveroom.infra.store.Member;
import io.liveroom.infra.store.RoomExtraInfo;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a gateway's live state back into a store that lost it ({@link RestoreGateway}). Members see
 * nothing for what was restored (their lists never changed; room extra info comes back from the
 * gateways that saw it, where the store has none or an older value); they see DELETE for what left
 * while the store was away and for what an older snapshot brought back. When the gateway's lease
 * had lapsed instead ({@link RestoreGateway#announce()}), room-service may have evicted its members
 * and the rooms saw them leave: each seat the store lacked is announced as a join (ADD) again,
 * once. Idempotent: a gateway retries it until it succeeds. Rooms are reopened with the seat's mode
 * and the default cap (the cap the first login asked for is not known to the gateway).
 */
final class Restoration {
  private static final Logger LOG = LoggerFactory.getLogger(Restoration.class);
  private static final int BATCH = 64;

  /**
   * Only memberships and streams older than the restore by this much are purged: a login or publish
   * in flight while the gateway's list was taken is not in it (a seat is listed once its login
   * reply is out), and must not be taken for a ghost. Covers bus latency and clock skew between
   * room-service instances.
   */
  static final long PURGE_MARGIN_MS = 1_000;

  private final Stores stores;
  private final RoomEvents events;
  private final RoomConfig config;
  private final Clock clock;
  private final Departures departures;
  private final SeatRestore seats;

  Restoration(Stores stores, RoomEvents events, RoomConfig config, Clock clock) {
    this.stores = stores;
    this.events = events;
    this.config = config;
    this.clock = clock;
    this.departures = new Departures(stores, events, config);
    this.seats = new SeatRestore(stores, config, clock);
  }

  Future<RestoreReport> restore(RestoreGateway restore) {
    long cutoff = clock.millis() - PURGE_MARGIN_MS;
    List<RestoreGateway.Seat> refused = new ArrayList<>();
    AtomicInteger purged = new AtomicInteger();
    Set<String> held = new HashSet<>();
    Set<String> heldStreams = new HashSet<>();
    restore
        .seats()
        .forEach(
            s -> {
              held.add(key(s.roomId(), s.userId(), s.sessionId()));
              s.streams().forEach(st -> heldStreams.add(st.streamId()));
            });
    Future<?> chain = batches(restore.departed(), seat -> departed(restore.gatewayId(), seat));
    // client sessions first: a media-only session (WHIP) of the same user must not take the
    // presence first
    for (boolean mediaOnly : new boolean[] {false, true}) {
      List<RestoreGateway.Seat> pass =
          restore.seats().stream()
              .filter(s -> OpenMediaSession.isMediaSession(s.sessionId()) == mediaOnly)
              .toList();
      chain =
          chain.compose(
              v ->
                  batches(
                      pass,
                      seat ->
                          absentBefore(restore, seat)
                              .compose(
                                  absent ->
                                      seats
                                          .restore(restore.gatewayId(), seat)
                                          .compose(
                                              taken -> {
                                                if (taken) {
                                                  synchronized (refused) {
                                                    refused.add(seat);
                                                  }
                                                  return Future.succeededFuture();
                                                }
                                                return absent
                                                    ? announceJoin(restore.gatewayId(), seat)
                                                    : Future.succeededFuture();
                                              }))));
    }
    return chain
        .compose(v -> batches(restore.extraInfo(), this::extraInfo))
        .compose(v -> purgeMembers(restore.gatewayId(), held, cutoff, purged))
        .compose(v -> purgeStreams(restore, heldStreams, cutoff, purged))
        .map(v -> new RestoreReport(restore.seats().size() - refused.size(), refused, purged.get()))
        .onSuccess(
            r ->
                LOG.info(
                    "gateway "
                        + restore.gatewayId()
                        + " re-asserted "
                        + r.restored()
                        + " seat(s) after a store loss; "
                        + r.refused().size()
                        + " refused, "
                        + r.purged()
                        + " stale membership(s)/stream(s) removed, "
                        + restore.departed().size()
                        + " departure(s) announced"));
  }

  /**
   * Whether a seat of an announcing restore (the gateway's lease had lapsed) was missing from the
   * store: its member was evicted and the room saw it leave. Always false otherwise, and for
   * media-only sessions (they never announce a join).
   */
  private Future<Boolean> absentBefore(RestoreGateway restore, RestoreGateway.Seat seat) {
    if (!restore.announce() || OpenMediaSession.isMediaSession(seat.sessionId())) {
      return Future.succeededFuture(false);
    }
    return stores.membership().member(seat.roomId(), seat.userId()).map(m -> m == null);
  }

  /** The room sees an evicted member that its gateway put back join again, as at its login. */
  private Future<Void> announceJoin(String gatewayId, RestoreGateway.Seat seat) {
    return Arrivals.announce(stores, events, config.largeRoomThreshold(), member(gatewayId, seat))
        .mapEmpty();
  }

  /** The member {@code seat} stands for, as of now. */
  private Member member(String gatewayId, RestoreGateway.Seat seat) {
    return new Member(
        seat.roomId(), seat.userId(), seat.userName(), seat.sessionId(), gatewayId, clock.millis());
  }

  /** Sets a room's extra info back where the store has none for the key, or an older value. */
  private Future<Void> extraInfo(RestoreGateway.Extra extra) {
    RoomExtraInfo info = extra.info();
    return stores
        .rooms()
        .info(extra.roomId())
        .compose(
            room ->
                room == null
                    ? Future.succeededFuture()
                    : stores
                        .rooms()
                        .extraInfo(extra.roomId())
                        .compose(
                            current ->
                                current.stream()
                                        .anyMatch(
                                            c ->
                                                c.key().equals(info.key())
                                                    && c.updateTime() >= info.updateTime())
                                    ? Future.succeededFuture()
                                    : stores
                                        .rooms()
                                        .setExtraInfo(
                                            extra.roomId(), info, config.extraInfo().maxKeys())
                                        .mapEmpty()));
  }

  /**
   * A seat that left while the store was away: remove what is left of it, and let the room see it
   * go.
   */
  private Future<Void> departed(String gatewayId, RestoreGateway.Seat seat) {
    Member gone = member(gatewayId, seat);
    return stores
        .membership()
        .leave(seat.roomId(), seat.userId(), seat.sessionId())
        .compose(
            removed ->
                removed != null
                    ? departures.departed(removed, LeaveReason.LOGOUT)
                    : stores
                        .membership()
                        .member(
                            seat.roomId(),
                            seat.userId()) // another session of the user: still there
                        .compose(
                            current ->
                                current != null
                                    ? Future.succeededFuture()
                                    : departures.departed(gone, LeaveReason.LOGOUT)));
  }

  /**
   * Memberships held through this gateway that it no longer has (an older snapshot brought them
   * back).
   */
  private Future<Void> purgeMembers(
      String gatewayId, Set<String> held, long cutoff, AtomicInteger purged) {
    return stores
        .membership()
        .onGateway(gatewayId)
        .compose(
            members ->
                batches(
                    members.stream()
                        .filter(
                            m ->
                                m.joinedAt() < cutoff
                                    && !held.contains(key(m.roomId(), m.userId(), m.sessionId())))
                        .toList(),
                    m ->
                        stores
                            .membership()
                            .leaveGateway(m.roomId(), m.userId(), gatewayId)
                            .compose(
                                removed -> {
                                  if (removed == null) {
                                    return Future.succeededFuture();
                                  }
                                  purged.incrementAndGet();
                                  return departures.departed(removed, LeaveReason.GATEWAY_LOST);
                                })));
  }

  /**
   * Streams of this gateway's rooms registered through it that none of its sessions publishes now.
   */
  private Future<Void> purgeStreams(
      RestoreGateway restore, Set<String> heldStreams, long cutoff, AtomicInteger purged) {
    Set<String> rooms = new HashSet<>();
    restore.seats().forEach(s -> rooms.add(s.roomId()));
    return batches(
        List.copyOf(rooms),
        roomId ->
            stores
                .streams()
                .inRoom(roomId)
                .compose(
                    streams ->
                        Departures.removeAll(
                            events,
                            stores,
                            roomId,
                            streams.stream()
                                .filter(
                                    s ->
                                        s.createdAt() < cutoff
                                            && restore.gatewayId().equals(s.gatewayId())
                                            && !heldStreams.contains(s.streamId()))
                                .toList(),
                            null,
                            RoomFacts.STALE))
                .map(purged::addAndGet));
  }

  /** Runs {@code work} over {@code items}, {@link #BATCH} at a time. */
  private static <T> Future<Void> batches(List<T> items, Function<T, Future<?>> work) {
    Future<?> chain = Future.succeededFuture();
    for (int from = 0; from < items.size(); from += BATCH) {
      List<T> batch = items.subList(from, Math.min(items.size(), from + BATCH));
      chain = chain.compose(v -> Future.all(batch.stream().map(work).toList()));
    }
    return chain.mapEmpty();
  }

  private static String key(String roomId, String userId, String sessionId) {
    return roomId + "\n" + userId + "\n" + sessionId;
  }
}
