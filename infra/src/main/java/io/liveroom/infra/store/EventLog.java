package io.liveroom.infra.store;

import io.liveroom.infra.contracts.EventPayload;
import io.liveroom.infra.contracts.LiveEvent;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The deployment's event log: every {@link LiveEvent} in one order. {@link #append} assigns each
 * event the next {@code seq} in the same atomic step that stores it, so the log has no gaps and its
 * order is the order of the appends.
 *
 * <p>The log keeps the sessions each room has in it, and with them guarantees the membership
 * invariant whatever the interleaving of appenders or a crash between a store decision and its
 * append: a {@code user.joined} of a session already in the room, or a {@code user.left} of a
 * session not in it, is dropped; a {@code user.joined} of a user whose other session the log still
 * has in the room is followed by that session's {@code user.left} (reason {@code duplicate_login}:
 * a userID is in a room once, so the new session took its place). So every {@code user.joined} has
 * exactly one later {@code user.left}, and no leave comes without a join. It derives the room
 * lifecycle the same way: the {@code user.joined} that makes a room's first member is preceded by
 * {@code room.created}, the {@code user.left} of its last member is followed by {@code room.closed}
 * (reason "admin" when that member left with reason {@code room_closed}, else "empty").
 *
 * <p>Sequence numbers never go backwards, even across a loss of the log (a process restart in
 * single-process mode, a Redis that lost its data or restored an older snapshot): a log that finds
 * itself empty starts above {@code max(highest seq this instance saw, now in ms x 1000)}. Events
 * that were lost with the store are a gap a reader sees as {@code oldestSeq > after + 1}.
 */
public interface EventLog {
  /**
   * Appends {@code drafts} (seq 0) in order, atomically, with the derived room events; yields every
   * event appended, with its seq, in log order.
   */
  Future<List<LiveEvent>> append(List<LiveEvent> drafts);

  /**
   * At most {@code limit} events with seq > {@code after}, in order; {@code roomId} non-null: only
   * that room's (then at most a bounded number of events is scanned per call; continue from {@link
   * EventPage#next()}).
   */
  Future<EventPage> read(long after, int limit, String roomId);

  /**
   * One page. {@code oldestSeq}: the oldest event still retained ({@code lastSeq + 1} when none
   * is); {@code lastSeq}: the newest assigned; {@code next}: the {@code after} of the following
   * page.
   */
  record EventPage(List<LiveEvent> events, long oldestSeq, long lastSeq, long next) {}

  /**
   * The sessions the log has in rooms (their {@code user.joined} is in the log, their {@code
   * user.left} not yet), per roomID; rooms without any are absent. For the reconciliation of the
   * log with the membership store.
   */
  Future<Map<String, List<OpenSession>>> openSessions();

  /** One session the log has in a room. */
  record OpenSession(String userID, String sessionID, String userName) {}

  /** How many events one read with a room filter scans at most, per requested event. */
  int ROOM_SCAN_FACTOR = 20;

  /** The session a membership event is about, else null. */
  static String session(LiveEvent e) {
    if (e.payload() instanceof EventPayload.UserJoined j) {
      return j.sessionID();
    }
    return e.payload() instanceof EventPayload.UserLeft l ? l.sessionID() : null;
  }

  /** The user.left the log derives for {@code previousSession} of the user of {@code join}. */
  static LiveEvent replaced(LiveEvent join, String previousSession, String previousName) {
    EventPayload.UserJoined j = (EventPayload.UserJoined) join.payload();
    return LiveEvent.draft(
        join.roomID(),
        join.time(),
        new EventPayload.UserLeft(
            j.userID(),
            previousName,
            previousSession,
            EventPayload.LeaveReason.DUPLICATE_LOGIN.wire()));
  }

  /** The user a membership event is about, else null. */
  static String user(LiveEvent e) {
    if (e.payload() instanceof EventPayload.UserJoined j) {
      return j.userID();
    }
    return e.payload() instanceof EventPayload.UserLeft l ? l.userID() : null;
  }

  /** +1 for an event that adds a member to its room, -1 for one that removes one, else 0. */
  static int memberDelta(LiveEvent e) {
    return switch (e.type()) {
      case EventPayload.USER_JOINED -> 1;
      case EventPayload.USER_LEFT -> -1;
      default -> 0;
    };
  }

  /** The room.created derived before {@code join}. */
  static LiveEvent created(LiveEvent join) {
    return LiveEvent.draft(join.roomID(), join.time(), new EventPayload.RoomCreated());
  }

  /** The room.closed derived after {@code leave}. */
  static LiveEvent closed(LiveEvent leave) {
    boolean admin =
        leave.payload() instanceof EventPayload.UserLeft left
            && EventPayload.LeaveReason.ROOM_CLOSED.wire().equals(left.reason());
    return LiveEvent.draft(
        leave.roomID(), leave.time(), new EventPayload.RoomClosed(admin ? "admin" : "empty"));
  }

  /** Where a log that finds itself empty starts (the last seq it considers assigned). */
  static long floor(long highWater, long nowMs) {
    return Math.max(highWater, nowMs * 1000);
  }

  static List<LiveEvent> none() {
    return new ArrayList<>();
  }
}
