package io.liveroom.room;

import io.liveroom.infra.contracts.EventPayload.LeaveReason;
import io.liveroom.infra.contracts.LiveEvent;
import io.liveroom.infra.contracts.RoomStreamUpdated;
import io.liveroom.infra.contracts.RoomUser;
import io.liveroom.infra.contracts.RoomUserUpdated;
import io.liveroom.infra.contracts.StreamInfo;
import io.liveroom.infra.contracts.UpdateType;
import io.liveroom.infra.store.Member;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.store.StreamRecord;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What follows a member leaving, however it left (logout, kick, session end, gateway death): the
 * user's streams in the room go (DELETE), the others see the user go (DELETE, unless the room is
 * large), and an empty room closes.
 */
final class Departures {

  private final Stores stores;
  private final RoomEvents events;
  private final RoomConfig config;

  Departures(Stores stores, RoomEvents events, RoomConfig config) {
    this.stores = stores;
    this.events = events;
    this.config = config;
  }

  /**
   * {@code reason}: why it left, carried to its user.left and its streams' stream.removed events.
   */
  Future<Void> departed(Member removed, LeaveReason reason) {
    String roomId = removed.roomId();
    return removeStreams(removed, reason)
        .compose(v -> events.record(List.of(RoomFacts.left(removed, reason))))
        .compose(v -> stores.membership().count(roomId))
        .compose(
            count -> {
              if (count
                  < config.largeRoomThreshold()) { // the room was at most at the threshold before
                events.publish(
                    roomId,
                    new RoomUserUpdated(
                        roomId,
                        UpdateType.DELETE,
                        List.of(new RoomUser(removed.userId(), removed.userName())),
                        removed.sessionId()));
              }
              return count == 0
                  ? stores.rooms().closeIfEmpty(roomId).mapEmpty()
                  : Future.<Void>succeededFuture();
            });
  }

  /**
   * The user left the room: every stream of the user there goes, its member session's and those of
   * its media sessions (WHIP resources), so the room never lists a stream of a user who is not in
   * it.
   */
  private Future<Void> removeStreams(Member removed, LeaveReason reason) {
    return stores
        .streams()
        .inRoom(removed.roomId())
        .compose(
            streams ->
                removeAll(
                    events,
                    stores,
                    removed.roomId(),
                    streams.stream().filter(s -> s.userId().equals(removed.userId())).toList(),
                    removed.sessionId(),
                    reason.wire()))
        .mapEmpty();
  }

  /**
   * Removes each of {@code streams} if its session still holds it, then {@link #streamsRemoved}
   * (the DELETE not to {@code originSessionId}, null: to every member). Yields how many this call
   * removed. {@code reason}: the reason of their stream.removed events.
   */
  static Future<Integer> removeAll(
      RoomEvents events,
      Stores stores,
      String roomId,
      List<StreamRecord> streams,
      String originSessionId,
      String reason) {
    List<Future<StreamRecord>> removals = new ArrayList<>();
    for (StreamRecord s : streams) {
      removals.add(stores.streams().remove(s.streamId(), s.sessionId()));
    }
    return Future.all(removals)
        .compose(
            all -> {
              List<StreamRecord> removed = removals.stream().map(Future::result).toList();
              return streamsRemoved(events, roomId, removed, originSessionId, reason)
                  .map(v -> (int) removed.stream().filter(Objects::nonNull).count());
            });
  }

  /**
   * Ends what removed streams had: their media on the media node, and for those the room saw, one
   * DELETE (not to {@code originSessionId}), recorded first as stream.removed with {@code reason}.
   * Null entries (nothing removed) are skipped.
   */
  static Future<Void> streamsRemoved(
      RoomEvents events,
      String roomId,
      List<StreamRecord> removed,
      String originSessionId,
      String reason) {
    List<StreamInfo> seen = new ArrayList<>();
    List<LiveEvent> facts = new ArrayList<>();
    for (StreamRecord s : removed) {
      if (s == null) {
        continue;
      }
      if (s.nodeId() != null) {
        events.stopMedia(s.nodeId(), s.streamId(), s.peerId());
      }
      if (s.live()) {
        seen.add(info(s));
        facts.add(RoomFacts.streamRemoved(s, reason));
      }
    }
    if (seen.isEmpty()) {
      return Future.succeededFuture();
    }
    return events
        .record(facts)
        .onSuccess(
            v ->
                events.publish(
                    roomId,
                    new RoomStreamUpdated(roomId, UpdateType.DELETE, seen, originSessionId)));
  }

  static StreamInfo info(StreamRecord s) {
    return new StreamInfo(s.streamId(), s.userId(), s.userName(), s.extraInfo());
  }
}
