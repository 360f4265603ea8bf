package io.liveroom.room;

import io.liveroom.infra.contracts.EndMediaSession;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.EventPayload;
import io.liveroom.infra.contracts.LoginRoom;
import io.liveroom.infra.contracts.LogoutReply;
import io.liveroom.infra.contracts.MediaSessionOpened;
import io.liveroom.infra.contracts.OpenMediaSession;
import io.liveroom.infra.store.Member;
import io.liveroom.infra.store.RoomInfo;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.store.StreamRecord;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Media-only sessions of a user (WHIP resources): extra sessions, never duplicate logins. One joins
 * the user's presence in the room when there is one (nobody kicked, nothing announced), else logs
 * the user in. When it ends its streams go; if it held the membership, the membership passes to
 * another media session of the user still publishing there, else the user leaves.
 */
final class MediaSessions {
  private final Stores stores;
  private final RoomEvents events;
  private final RoomService rooms;
  private final Departures departures;

  MediaSessions(Stores stores, RoomEvents events, RoomConfig config, RoomService rooms) {
    this.stores = stores;
    this.events = events;
    this.rooms = rooms;
    this.departures = new Departures(stores, events, config);
  }

  Future<MediaSessionOpened> open(OpenMediaSession open) {
    if (!OpenMediaSession.isMediaSession(open.sessionId())) {
      return Future.failedFuture(
          ErrorCode.INVALID_FIELD.exception(
              "a media session id starts with " + OpenMediaSession.ID_PREFIX));
    }
    return stores
        .membership()
        .member(open.roomId(), open.userId())
        .compose(
            m ->
                m != null
                    ? Future.succeededFuture(new MediaSessionOpened(open.roomId(), false))
                    : rooms
                        .login(
                            new LoginRoom(
                                open.roomId(),
                                open.userId(),
                                open.userName(),
                                open.sessionId(),
                                open.gatewayId(),
                                0,
                                RoomInfo.LIVE))
                        .map(reply -> new MediaSessionOpened(open.roomId(), true)));
  }

  Future<LogoutReply> end(EndMediaSession end) {
    String roomId = end.roomId();
    return stores
        .streams()
        .inRoom(roomId)
        .compose(
            streams ->
                Departures.removeAll(
                    events,
                    stores,
                    roomId,
                    streams.stream().filter(s -> s.sessionId().equals(end.sessionId())).toList(),
                    end.sessionId(),
                    RoomFacts.UNPUBLISH))
        .compose(v -> stores.membership().member(roomId, end.userId()))
        .compose(
            m ->
                m == null || !m.sessionId().equals(end.sessionId())
                    ? Future.succeededFuture(new LogoutReply(roomId, false))
                    : handOver(m).map(left -> new LogoutReply(roomId, left)));
  }

  /**
   * The ending media session held the membership: to another of the user's media sessions, or the
   * user leaves.
   */
  private Future<Boolean> handOver(Member held) {
    return stores
        .streams()
        .inRoom(held.roomId())
        .compose(
            streams -> {
              Optional<StreamRecord> other =
                  streams.stream()
                      .filter(
                          s ->
                              s.userId().equals(held.userId())
                                  && !s.sessionId().equals(held.sessionId()))
                      .findFirst();
              if (other.isPresent()) {
                StreamRecord s = other.get();
                Member next = held.heldBy(s.sessionId(), s.gatewayId());
                return stores
                    .membership()
                    .join(next, 0)
                    .compose(
                        r ->
                            events.record(
                                List.of(
                                    RoomFacts.joined(next),
                                    RoomFacts.left(held, EventPayload.LeaveReason.LOGOUT))))
                    .map(false);
              }
              return stores
                  .membership()
                  .leave(held.roomId(), held.userId(), held.sessionId())
                  .compose(
                      removed ->
                          removed == null
                              ? Future.succeededFuture(false)
                              : departures
                                  .departed(removed, EventPayload.LeaveReason.LOGOUT)
                                  .map(true));
            });
  }
}
