package io.liveroom.room;

import io.liveroom.infra.contracts.EventPayload;
import io.liveroom.infra.contracts.EventPayload.LeaveReason;
import io.liveroom.infra.contracts.LiveEvent;
import io.liveroom.infra.store.EventLog;
import io.liveroom.infra.store.EventLog.OpenSession;
import io.liveroom.infra.store.Member;
import io.liveroom.infra.store.MembershipStore;
import io.liveroom.infra.store.RoomStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Brings the event log's sessions back in line with the membership store, the authority, when an
 * event was lost (a room-service instance killed between its store change and its append, an append
 * that failed): a session the log has in a room but the store does not gets its missing {@code
 * user.left} (reason {@code stale}); a member the store has but the log does not gets its missing
 * {@code user.joined}. So every {@code user.joined} still gets exactly one later {@code user.left}.
 *
 * <p>A pass compares {@link EventLog#openSessions()} with the members of every room either side
 * knows. A difference is acted on only when the same one (room, user, session) was seen by the
 * previous pass too and first seen at least {@code graceMs} ago: a login or leave between its store
 * change and its append is never touched. Just before appending, the member is read again. The log
 * drops a leave of a session it no longer has and a join of one it has, so a pass racing an
 * appender or another pass changes nothing twice.
 */
final class Reconciliation {
  private static final int BATCH = 64;
  private static final int PAGE = 1000;

  /** What one pass appended. */
  record Outcome(int rooms, int left, int joined) {}

  /** One difference: the log lacks the join ({@code join}) or the leave of the session. */
  private record Difference(
      boolean join, String roomId, String userId, String sessionId, String userName) {
    String key() {
      return (join ? "J\n" : "L\n") + roomId + "\n" + userId + "\n" + sessionId;
    }
  }

  private final MembershipStore membership;
  private final RoomStore rooms;
  private final EventLog log;
  private final long graceMs;
  private final LongSupplier clock;

  /** The differences the previous pass saw: key -> when first seen. */
  private Map<String, Long> suspects = new HashMap<>();

  Reconciliation(
      MembershipStore membership, RoomStore rooms, EventLog log, long graceMs, LongSupplier clock) {
    this.membership = membership;
    this.rooms = rooms;
    this.log = log;
    this.graceMs = graceMs;
    this.clock = clock;
  }

  /** Forgets what earlier passes saw (another instance reconciled meanwhile). */
  void reset() {
    suspects = new HashMap<>();
  }

  /** One pass; yields what it appended. */
  Future<Outcome> pass() {
    long now = clock.getAsLong();
    return log.openSessions()
        .compose(
            open ->
                storeRooms(0, new ArrayList<>())
                    .compose(
                        listed -> {
                          Set<String> all = new TreeSet<>(open.keySet());
                          all.addAll(listed);
                          Map<String, Long> seen = new HashMap<>();
                          List<Difference> due = new ArrayList<>();
                          return batches(
                                  List.copyOf(all),
                                  roomId ->
                                      membership
                                          .members(roomId)
                                          .map(
                                              members -> {
                                                compare(
                                                    roomId,
                                                    open.getOrDefault(roomId, List.of()),
                                                    members,
                                                    now,
                                                    seen,
                                                    due);
                                                return null;
                                              }))
                              .compose(
                                  v -> {
                                    suspects = seen;
                                    // leaves first: a user whose old session is stale and whose
                                    // new one was never logged gets left(stale), then joined
                                    due.sort((a, b) -> Boolean.compare(a.join(), b.join()));
                                    return settle(due, 0, new int[2]);
                                  })
                              .map(counts -> new Outcome(all.size(), counts[0], counts[1]));
                        }));
  }

  private Future<List<String>> storeRooms(int offset, List<String> out) {
    return rooms
        .list(offset, PAGE)
        .compose(
            page -> {
              out.addAll(page);
              return page.size() < PAGE
                  ? Future.succeededFuture(out)
                  : storeRooms(offset + PAGE, out);
            });
  }

  private void compare(
      String roomId,
      List<OpenSession> logged,
      List<Member> stored,
      long now,
      Map<String, Long> seen,
      List<Difference> due) {
    Map<String, Member> byUser = new HashMap<>();
    stored.forEach(m -> byUser.put(m.userId(), m));
    Map<String, OpenSession> openByUser = new HashMap<>();
    logged.forEach(o -> openByUser.put(o.userID(), o));
    for (OpenSession o : logged) {
      Member m = byUser.get(o.userID());
      if (m == null || !m.sessionId().equals(o.sessionID())) {
        suspect(
            new Difference(false, roomId, o.userID(), o.sessionID(), o.userName()), now, seen, due);
      }
    }
    for (Member m : stored) {
      OpenSession o = openByUser.get(m.userId());
      if (o == null || !o.sessionID().equals(m.sessionId())) {
        suspect(
            new Difference(true, roomId, m.userId(), m.sessionId(), m.userName()), now, seen, due);
      }
    }
  }

  private void suspect(Difference d, long now, Map<String, Long> seen, List<Difference> due) {
    Long first = suspects.get(d.key());
    if (first != null && now - first >= graceMs) {
      due.add(d); // acted on now: forgotten (a difference left after it starts anew)
    } else {
      seen.put(d.key(), first == null ? now : first);
    }
  }

  /** Appends what is still missing once the member is read again; counts[0] leaves, [1] joins. */
  private Future<int[]> settle(List<Difference> due, int from, int[] counts) {
    if (from >= due.size()) {
      return Future.succeededFuture(counts);
    }
    Difference d = due.get(from);
    return membership
        .member(d.roomId(), d.userId())
        .compose(
            m -> {
              boolean held = m != null && m.sessionId().equals(d.sessionId());
              if (d.join() != held) {
                return Future.succeededFuture(List.<LiveEvent>of()); // it changed meanwhile
              }
              return log.append(List.of(d.join() ? RoomFacts.joined(m) : left(d)));
            })
        .compose(
            appended -> {
              for (LiveEvent e : appended) {
                if (d.sessionId().equals(EventLog.session(e))) {
                  counts[d.join() ? 1 : 0]++;
                }
              }
              return settle(due, from + 1, counts);
            });
  }

  private static LiveEvent left(Difference d) {
    return LiveEvent.draft(
        d.roomId(),
        System.currentTimeMillis(),
        new EventPayload.UserLeft(
            d.userId(), d.userName(), d.sessionId(), LeaveReason.STALE.wire()));
  }

  private static <T> Future<Void> batches(List<T> items, Function<T, Future<?>> work) {
    Future<?> chain = Future.succeededFuture();
    for (int from = 0; from < items.size(); from += BATCH) {
      List<T> batch = items.subList(from, Math.min(items.size(), from + BATCH));
      chain = chain.compose(v -> Future.all(batch.stream().map(work).toList()));
    }
    return chain.mapEmpty();
  }
}
