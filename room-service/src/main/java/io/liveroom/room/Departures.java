package io.liveroom.room;

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
 * user's streams in the room go (DELETE), the others see the user go (DELETE, unless the room
 * is large), and an empty room closes.
 */
final class Departures {
  /** Why a member left or a stream went, where the server itself caused it (carried to what records departures). */
  enum Reason { ROOM_CLOSED, STOPPED_BY_SERVER, PRIVILEGE_REVOKED }

  private final Stores stores;
  private final RoomEvents events;
  private final RoomConfig config;

  Departures(Stores stores, RoomEvents events, RoomConfig config) {
    this.stores = stores;
    this.events = events;
    this.config = config;
  }

  /** {@link #departed(Member)} for a departure the server caused ({@code reason}). */
  Future<Void> departed(Member removed, Reason reason) {
    return departed(removed);
  }

  Future<Void> departed(Member removed) {
    String roomId = removed.roomId();
    return removeStreams(removed)
        .compose(v -> stores.membership().count(roomId))
        .compose(count -> {
          if (count < config.largeRoomThreshold()) { // the room was at most at the threshold before
            events.publish(roomId, new RoomUserUpdated(roomId, UpdateType.DELETE,
                List.of(new RoomUser(removed.userId(), removed.userName())), removed.sessionId()));
          }
          return count == 0 ? stores.rooms().closeIfEmpty(roomId).mapEmpty() : Future.<Void>succeededFuture();
        });
  }

  /**
   * The user left the room: every stream of the user there goes, its member session's and those of
   * its media sessions (WHIP resources), so the room never lists a stream of a user who is not in it.
   */
  private Future<Void> removeStreams(Member removed) {
    return stores.streams().inRoom(removed.roomId()).compose(streams -> removeAll(events, stores, removed.roomId(),
        streams.stream().filter(s -> s.userId().equals(removed.userId())).toList(), removed.sessionId())).mapEmpty();
  }

  /**
   * Removes each of {@code streams} if its session still holds it, then {@link #streamsRemoved} (the
   * DELETE not to {@code originSessionId}, null: to every member). Yields how many this call removed.
   */
  /** {@link #removeAll} for streams the server removed ({@code reason}). */
  static Future<Integer> removeAll(RoomEvents events, Stores stores, String roomId, List<StreamRecord> streams,
      String originSessionId, Reason reason) {
    return removeAll(events, stores, roomId, streams, originSessionId);
  }

  static Future<Integer> removeAll(RoomEvents events, Stores stores, String roomId, List<StreamRecord> streams,
      String originSessionId) {
    List<Future<StreamRecord>> removals = new ArrayList<>();
    for (StreamRecord s : streams) {
      removals.add(stores.streams().remove(s.streamId(), s.sessionId()));
    }
    return Future.all(removals).map(all -> {
      List<StreamRecord> removed = removals.stream().map(Future::result).toList();
      streamsRemoved(events, roomId, removed, originSessionId);
      return (int) removed.stream().filter(Objects::nonNull).count();
    });
  }

  /**
   * Ends what removed streams had: their media on the media node, and for those the room saw, one
   * DELETE (not to {@code originSessionId}). Null entries (nothing removed) are skipped.
   */
  static void streamsRemoved(RoomEvents events, String roomId, List<StreamRecord> removed, String originSessionId) {
    List<StreamInfo> seen = new ArrayList<>();
    for (StreamRecord s : removed) {
      if (s == null) {
        continue;
      }
      if (s.nodeId() != null) {
        events.stopMedia(s.nodeId(), s.streamId(), s.peerId());
      }
      if (s.live()) {
        seen.add(info(s));
      }
    }
    if (!seen.isEmpty()) {
      events.publish(roomId, new RoomStreamUpdated(roomId, UpdateType.DELETE, seen, originSessionId));
    }
  }

  static StreamInfo info(StreamRecord s) {
    return new StreamInfo(s.streamId(), s.userId(), s.userName(), s.extraInfo());
  }
}
