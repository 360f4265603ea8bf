package io.liveroom.room;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.EventPayload.LeaveReason;
import io.liveroom.infra.contracts.GatewayExpired;
import io.liveroom.infra.contracts.KickResult;
import io.liveroom.infra.contracts.KickSession;
import io.liveroom.infra.contracts.KickUsers;
import io.liveroom.infra.contracts.LoginReply;
import io.liveroom.infra.contracts.LoginRoom;
import io.liveroom.infra.contracts.LogoutReply;
import io.liveroom.infra.contracts.LogoutRoom;
import io.liveroom.infra.contracts.ResumeReply;
import io.liveroom.infra.contracts.ResumeSeat;
import io.liveroom.infra.contracts.ResumeSession;
import io.liveroom.infra.store.JoinResult;
import io.liveroom.infra.store.Member;
import io.liveroom.infra.store.RoomInfo;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The authority on room membership: admission (mode, capacity), duplicate logins (the older session
 * is kicked, nobody sees a DELETE/ADD, see {@link DuplicateLogins}; media sessions, see {@link
 * MediaSessions}, are never duplicates), leaving, admin kick-out and session resume.
 */
public final class RoomService {
  private static final int EVICT_BATCH = 64;
  private final Stores stores;
  private final RoomEvents events;
  private final RoomConfig config;
  private final Clock clock;
  private final Departures departures;
  private final RoomSnapshots snapshots;
  private final DuplicateLogins duplicates;

  public RoomService(Stores stores, RoomEvents events, RoomConfig config, Clock clock) {
    this.stores = stores;
    this.events = events;
    this.config = config;
    this.clock = clock;
    this.departures = new Departures(stores, events, config);
    this.snapshots = new RoomSnapshots(stores, config);
    this.duplicates = new DuplicateLogins(stores, events);
  }

  public Future<LoginReply> login(LoginRoom login) {
    String mode = login.mode() == null ? RoomInfo.LIVE : login.mode();
    RoomInfo proposed = new RoomInfo(login.roomId(), mode, cap(login, mode), clock.millis());
    Member member =
        new Member(
            login.roomId(),
            login.userId(),
            login.userName(),
            login.sessionId(),
            login.gatewayId(),
            clock.millis());
    return stores
        .rooms()
        .open(proposed)
        .compose(
            room -> {
              if (!room.mode().equals(mode)) {
                return Future.failedFuture(
                    ErrorCode.ROOM_MODE_MISMATCH.exception(
                        "room " + room.roomId() + " is a " + room.mode() + " room"));
              }
              return stores
                  .membership()
                  .join(member, room.maxMembers())
                  .compose(result -> admitted(member, room, result));
            })
        .onSuccess(count -> MemberLog.joined(member, count))
        .compose(count -> snapshots.reply(login.roomId(), login.userId(), count));
  }

  private int cap(LoginRoom login, String mode) {
    if (RoomInfo.P2P.equals(mode)) {
      return config.p2pMaxMembers();
    }
    return login.maxMemberCount() > 0 ? login.maxMemberCount() : config.defaultMaxMembers();
  }

  /** Announces the admission; yields the member count. */
  private Future<Integer> admitted(Member member, RoomInfo room, JoinResult result) {
    switch (result.outcome()) {
      case FULL:
        return Future.failedFuture(
            ErrorCode.ROOM_FULL.exception(
                "room " + member.roomId() + " is full (" + room.maxMembers() + " members)"));
      case REPLACED:
        return duplicates.replace(result.previous(), member);
      default:
        // re-open: an empty room may have closed between open and join; this keeps its settings
        return stores
            .rooms()
            .open(room)
            .compose(r -> Arrivals.announce(stores, events, config.largeRoomThreshold(), member));
    }
  }

  public Future<LogoutReply> logout(LogoutRoom logout) {
    if (logout.heldThrough() != null) {
      return HandOvers.logout(stores, departures, logout);
    }
    return stores
        .membership()
        .leave(logout.roomId(), logout.userId(), logout.sessionId())
        .compose(
            removed -> {
              if (removed == null) {
                // nothing to remove; if the log still has the session (its room-service died
                // between the
                // store's removal and the append), its user.left goes now; the log drops it
                // otherwise
                return events
                    .record(
                        List.of(
                            RoomFacts.left(
                                new Member(
                                    logout.roomId(),
                                    logout.userId(),
                                    null,
                                    logout.sessionId(),
                                    null,
                                    0),
                                LeaveReason.of(logout.reason()))))
                    .map(false);
              }
              MemberLog.left(removed);
              return departures.departed(removed, LeaveReason.of(logout.reason())).map(true);
            })
        .map(removed -> new LogoutReply(logout.roomId(), removed));
  }

  public Future<KickResult> kick(KickUsers kick) {
    List<String> kicked = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    Future<?> chain = Future.succeededFuture();
    for (String userId : kick.userIds()) {
      chain =
          chain
              .compose(v -> stores.membership().leave(kick.roomId(), userId, null))
              .compose(
                  removed -> {
                    if (removed == null) {
                      absent.add(userId);
                      return Future.succeededFuture();
                    }
                    kicked.add(userId);
                    MemberLog.kicked(removed);
                    events.toGateway(
                        removed.gatewayId(),
                        new KickSession(
                            removed.sessionId(),
                            kick.roomId(),
                            userId,
                            ErrorCode.KICKED_BY_ADMIN.code(),
                            kick.reason() == null
                                ? ErrorCode.KICKED_BY_ADMIN.message()
                                : kick.reason()));
                    return departures.departed(removed, LeaveReason.KICKED);
                  });
    }
    return chain.map(v -> new KickResult(kick.roomId(), kicked, absent));
  }

  /**
   * A dead gateway's lease ran out: every membership still held through it goes, each exactly once
   * (the removal is conditional on the gateway and atomic, so several room-service instances acting
   * on the same expiry, or a session resumed elsewhere meanwhile, never double a DELETE). Works in
   * batches of {@link #EVICT_BATCH}; yields the number of members this instance evicted.
   */
  public Future<Integer> evictGateway(GatewayExpired expired) {
    String gatewayId = expired.gatewayId();
    return stores
        .membership()
        .onGateway(gatewayId)
        .compose(
            held -> {
              List<Member> mine =
                  held.stream().filter(m -> gatewayId.equals(m.gatewayId())).toList();
              int[] evicted = new int[1];
              Future<?> chain = Future.succeededFuture();
              for (int from = 0; from < mine.size(); from += EVICT_BATCH) {
                List<Member> batch = mine.subList(from, Math.min(mine.size(), from + EVICT_BATCH));
                chain =
                    chain.compose(
                        v ->
                            Future.join(
                                batch.stream()
                                    .map(
                                        m ->
                                            stores
                                                .membership()
                                                .leaveGateway(m.roomId(), m.userId(), gatewayId)
                                                .compose(
                                                    removed -> {
                                                      if (removed == null) {
                                                        return Future.succeededFuture();
                                                      }
                                                      evicted[0]++;
                                                      return departures.departed(
                                                          removed, LeaveReason.GATEWAY_LOST);
                                                    }))
                                    .toList()));
              }
              return chain.map(v -> evicted[0]);
            });
  }

  /**
   * A detached session came back on another (or the same) gateway: every room it still holds is
   * re-homed there with its streams, and returned fresh; rooms it lost meanwhile are listed.
   */
  public Future<ResumeReply> resume(ResumeSession resume) {
    List<LoginReply> rooms = new ArrayList<>();
    List<String> lost = new ArrayList<>();
    Future<?> chain = Future.succeededFuture();
    for (ResumeSeat seat : resume.seats()) {
      chain =
          chain
              // only if the session still holds it: a membership evicted (its old gateway's death)
              // or taken by a newer login meanwhile is never put back or overwritten
              .compose(
                  v ->
                      stores
                          .membership()
                          .moveSession(
                              seat.roomId(), seat.userId(), resume.sessionId(), resume.gatewayId()))
              .compose(
                  moved -> {
                    if (moved == null) {
                      lost.add(seat.roomId());
                      return Future.succeededFuture();
                    }
                    MemberLog.resumed(moved);
                    return stores
                        .streams()
                        .rebind(seat.roomId(), resume.sessionId(), resume.gatewayId())
                        .compose(n -> stores.membership().count(seat.roomId()))
                        .compose(count -> snapshots.reply(seat.roomId(), seat.userId(), count))
                        .onSuccess(rooms::add);
                  });
    }
    return chain.map(v -> new ResumeReply(rooms, lost));
  }
}
