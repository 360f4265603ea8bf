package io.liveroom.room;

import io.liveroom.infra.contracts.CloseRoom;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.EventPayload.LeaveReason;
import io.liveroom.infra.contracts.KickSession;
import io.liveroom.infra.contracts.MuteTrack;
import io.liveroom.infra.contracts.PrivilegesChanged;
import io.liveroom.infra.contracts.RemoveStream;
import io.liveroom.infra.contracts.RoomClosed;
import io.liveroom.infra.contracts.RoomStreamTrackMuted;
import io.liveroom.infra.contracts.SetUserPrivileges;
import io.liveroom.infra.contracts.StreamAck;
import io.liveroom.infra.contracts.StreamStopped;
import io.liveroom.infra.contracts.TrackMuteChanged;
import io.liveroom.infra.contracts.TrackMuted;
import io.liveroom.infra.contracts.UserPrivilegesSet;
import io.liveroom.infra.store.Member;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.store.StreamRecord;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * What the app's back end does to a room through the admin API: close it, stop a stream, change a
 * member's publish privilege, mute a published track. Members and streams go through {@link
 * Departures} like every other departure; the sessions concerned are told through their gateways.
 */
final class ServerActions {
  /** Members taken out of a closing room at once (as a dead gateway's are evicted). */
  private static final int BATCH = 64;

  private final Stores stores;
  private final RoomEvents events;
  private final Departures departures;

  ServerActions(Stores stores, RoomEvents events, RoomConfig config) {
    this.stores = stores;
    this.events = events;
    this.departures = new Departures(stores, events, config);
  }

  /**
   * Kicks every member ({@code KICKED_ROOM_CLOSED}), which stops their streams; then removes any
   * stream left and closes the room. A login arriving meanwhile may open the room again.
   */
  Future<RoomClosed> close(CloseRoom close) {
    String roomId = close.roomId();
    String reason =
        close.reason() == null ? ErrorCode.KICKED_ROOM_CLOSED.message() : close.reason();
    List<String> kicked = new ArrayList<>();
    return stores
        .rooms()
        .info(roomId)
        .compose(
            room ->
                room == null
                    ? Future.failedFuture(
                        ErrorCode.ROOM_NOT_FOUND.exception("room " + roomId + " is not open"))
                    : stores.streams().inRoom(roomId))
        .compose(
            streams ->
                stores
                    .membership()
                    .members(roomId)
                    .compose(
                        members -> {
                          Future<?> chain = Future.succeededFuture();
                          for (int from = 0; from < members.size(); from += BATCH) {
                            List<Member> batch =
                                members.subList(from, Math.min(members.size(), from + BATCH));
                            chain =
                                chain.compose(
                                    v ->
                                        Future.join(
                                            batch.stream()
                                                .map(m -> kick(m, reason, kicked))
                                                .toList()));
                          }
                          return chain
                              .compose(v -> stores.streams().inRoom(roomId))
                              .compose(
                                  left ->
                                      Departures.removeAll(
                                          events,
                                          stores,
                                          roomId,
                                          left,
                                          null,
                                          LeaveReason.ROOM_CLOSED.wire()))
                              .compose(n -> stores.rooms().closeIfEmpty(roomId))
                              .map(closed -> new RoomClosed(roomId, kicked, streams.size()));
                        }));
  }

  /** Takes one member out of a closing room (if its session still holds the membership). */
  private Future<Void> kick(Member m, String reason, List<String> kicked) {
    return stores
        .membership()
        .leave(m.roomId(), m.userId(), m.sessionId())
        .compose(
            removed -> {
              if (removed == null) {
                return Future.succeededFuture();
              }
              kicked.add(removed.userId());
              MemberLog.kicked(removed);
              events.toGateway(
                  removed.gatewayId(),
                  new KickSession(
                      removed.sessionId(),
                      removed.roomId(),
                      removed.userId(),
                      ErrorCode.KICKED_ROOM_CLOSED.code(),
                      reason));
              return departures.departed(removed, LeaveReason.ROOM_CLOSED);
            });
  }

  /**
   * Stops one stream: the others get DELETE, its media peer closes, its publisher gets {@link
   * StreamStopped}.
   */
  Future<StreamAck> removeStream(RemoveStream remove) {
    return stream(remove.roomId(), remove.streamId())
        .compose(
            s ->
                stopStreams(
                        List.of(s),
                        ErrorCode.STREAM_STOPPED_BY_SERVER,
                        remove.reason(),
                        "stopped_by_server")
                    .map(n -> new StreamAck(s.roomId(), s.streamId(), s.nodeId())));
  }

  /**
   * Grants or takes away the member's publish privilege: its gateway applies it to the seat; taking
   * it away stops every stream of the user in the room.
   */
  Future<UserPrivilegesSet> setPrivileges(SetUserPrivileges set) {
    return stores
        .membership()
        .member(set.roomId(), set.userId())
        .compose(
            m -> {
              if (m == null) {
                return Future.failedFuture(
                    ErrorCode.USER_NOT_IN_ROOM.exception(
                        set.userId() + " is not in room " + set.roomId()));
              }
              events.toGateway(
                  m.gatewayId(),
                  new PrivilegesChanged(m.sessionId(), set.roomId(), set.userId(), set.publish()));
              if (set.publish()) {
                return Future.succeededFuture(
                    new UserPrivilegesSet(set.roomId(), set.userId(), true, 0));
              }
              return stores
                  .streams()
                  .inRoom(set.roomId())
                  .compose(
                      streams ->
                          stopStreams(
                              streams.stream()
                                  .filter(s -> s.userId().equals(set.userId()))
                                  .toList(),
                              ErrorCode.PUBLISH_PRIVILEGE_REVOKED,
                              null,
                              "privilege_revoked"))
                  .map(n -> new UserPrivilegesSet(set.roomId(), set.userId(), false, n));
            });
  }

  /**
   * Tells the publisher of a live stream to stop (or resume) sending one track, and the room that
   * it did.
   */
  Future<TrackMuted> mute(MuteTrack mute) {
    return stream(mute.roomId(), mute.streamId())
        .map(
            s -> {
              events.toGateway(
                  s.gatewayId(),
                  new TrackMuteChanged(
                      s.sessionId(), s.roomId(), s.streamId(), mute.kind(), mute.muted()));
              events.publish(
                  s.roomId(),
                  new RoomStreamTrackMuted(
                      s.roomId(), s.streamId(), s.userId(), mute.kind(), mute.muted()));
              return new TrackMuted(
                  s.roomId(), s.streamId(), s.userId(), mute.kind(), mute.muted());
            });
  }

  private Future<StreamRecord> stream(String roomId, String streamId) {
    return stores
        .streams()
        .get(streamId)
        .compose(
            s ->
                s == null || !s.roomId().equals(roomId)
                    ? Future.failedFuture(
                        ErrorCode.STREAM_NOT_FOUND.exception(
                            "no stream " + streamId + " in room " + roomId))
                    : Future.succeededFuture(s));
  }

  /**
   * Tells each publisher's gateway, then removes the streams (DELETE not to their own publisher);
   * yields how many went.
   */
  private Future<Integer> stopStreams(
      List<StreamRecord> streams, ErrorCode code, String reason, String why) {
    Future<Integer> chain = Future.succeededFuture(0);
    for (StreamRecord s : streams) {
      chain =
          chain.compose(
              total -> {
                // the publisher's gateway hears it before the media node reports the peer closed
                events.toGateway(
                    s.gatewayId(),
                    new StreamStopped(
                        s.sessionId(),
                        s.roomId(),
                        s.streamId(),
                        code.code(),
                        reason == null ? code.message() : reason));
                return Departures.removeAll(
                        events, stores, s.roomId(), List.of(s), s.sessionId(), why)
                    .map(n -> total + n);
              });
    }
    return chain;
  }
}
