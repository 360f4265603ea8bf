package io.liveroom.room;

import io.liveroom.infra.contracts.EventPayload;
import io.liveroom.infra.contracts.EventPayload.LeaveReason;
import io.liveroom.infra.contracts.LiveEvent;
import io.liveroom.infra.store.Member;
import io.liveroom.infra.store.StreamRecord;

/** The event-log drafts of room-service's decisions (see {@code EventLog}), stamped now. */
final class RoomFacts {
  /** stream.removed reasons besides a {@link LeaveReason} word. */
  static final String UNPUBLISH = "unpublish";

  static final String MEDIA_ENDED = "media_ended";
  static final String MEDIA_MOVED = "media_moved";
  static final String STALE = "stale";

  private RoomFacts() {}

  static LiveEvent joined(Member m) {
    return LiveEvent.draft(
        m.roomId(),
        System.currentTimeMillis(),
        new EventPayload.UserJoined(m.userId(), m.userName(), m.sessionId(), m.gatewayId()));
  }

  static LiveEvent left(Member m, LeaveReason reason) {
    return LiveEvent.draft(
        m.roomId(),
        System.currentTimeMillis(),
        new EventPayload.UserLeft(m.userId(), m.userName(), m.sessionId(), reason.wire()));
  }

  static LiveEvent streamAdded(StreamRecord s) {
    return LiveEvent.draft(
        s.roomId(),
        System.currentTimeMillis(),
        new EventPayload.StreamAdded(
            s.streamId(), s.userId(), s.userName(), s.sessionId(), s.extraInfo()));
  }

  static LiveEvent streamRemoved(StreamRecord s, String reason) {
    return LiveEvent.draft(
        s.roomId(),
        System.currentTimeMillis(),
        new EventPayload.StreamRemoved(s.streamId(), s.userId(), s.sessionId(), reason));
  }

  static LiveEvent streamExtraInfo(StreamRecord s) {
    return LiveEvent.draft(
        s.roomId(),
        System.currentTimeMillis(),
        new EventPayload.StreamExtraInfo(s.streamId(), s.userId(), s.extraInfo()));
  }
}
