package io.liveroom.room;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.EventPayload.LeaveReason;
import io.liveroom.infra.contracts.KickSession;
import io.liveroom.infra.contracts.OpenMediaSession;
import io.liveroom.infra.store.Member;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Future;
import java.util.Collections;
import java.util.List;

/**
 * A login that found the user already in the room under another session: the older session is
 * kicked and its streams removed, and nobody sees a DELETE/ADD of the user. A media session (a WHIP
 * resource, {@link OpenMediaSession}) is never a duplicate: it neither kicks nor is kicked.
 */
final class DuplicateLogins {
  private final Stores stores;
  private final RoomEvents events;

  DuplicateLogins(Stores stores, RoomEvents events) {
    this.stores = stores;
    this.events = events;
  }

  /** {@code member} took {@code previous}'s place in the store; yields the member count. */
  Future<Integer> replace(Member previous, Member member) {
    boolean mediaJoin = OpenMediaSession.isMediaSession(member.sessionId());
    if (mediaJoin && !OpenMediaSession.isMediaSession(previous.sessionId())) {
      // a media session raced the user's login and took its place: a WHIP resource is never a
      // duplicate login, the login gets its membership back (nobody is kicked, nothing
      // announced)
      return stores
          .membership()
          .join(previous, 0)
          .compose(r -> stores.membership().count(member.roomId()));
    }
    if (OpenMediaSession.isMediaSession(previous.sessionId())) {
      // the user logs in while only a media session held its presence: nothing to kick, its
      // streams stay
      return replaced(previous, member).compose(v -> stores.membership().count(member.roomId()));
    }
    if (!previous.sessionId().equals(member.sessionId())) {
      MemberLog.replaced(previous, member);
      events.toGateway(
          previous.gatewayId(),
          new KickSession(
              previous.sessionId(),
              member.roomId(),
              member.userId(),
              ErrorCode.KICKED_DUPLICATE_LOGIN.code(),
              ErrorCode.KICKED_DUPLICATE_LOGIN.message()));
      return removeReplacedStreams(previous, member)
          .compose(v -> replaced(previous, member))
          .compose(v -> stores.membership().count(member.roomId()));
    }
    return stores.membership().count(member.roomId());
  }

  /**
   * A duplicate login took the user's place: the replaced session's streams in the room are removed
   * (members get DELETE, as caused by the new session); they do not move to it.
   */
  private Future<Void> removeReplacedStreams(Member previous, Member current) {
    return stores
        .streams()
        .inRoom(previous.roomId())
        .compose(
            streams ->
                Future.all(
                        streams.stream()
                            .filter(s -> s.sessionId().equals(previous.sessionId()))
                            .map(
                                s ->
                                    stores
                                        .streams()
                                        .remove(s.streamId(), previous.sessionId())
                                        .compose(
                                            removed ->
                                                Departures.streamsRemoved(
                                                    events,
                                                    previous.roomId(),
                                                    Collections.singletonList(removed),
                                                    current.sessionId(),
                                                    LeaveReason.DUPLICATE_LOGIN.wire())))
                            .toList())
                    .mapEmpty());
  }

  /**
   * The event-log side of a duplicate login: the new session joins, then the older one leaves, in
   * one append (the room never looks empty in between, so it is neither closed nor created again).
   */
  private Future<Void> replaced(Member previous, Member current) {
    return events.record(
        List.of(RoomFacts.joined(current), RoomFacts.left(previous, LeaveReason.DUPLICATE_LOGIN)));
  }
}
