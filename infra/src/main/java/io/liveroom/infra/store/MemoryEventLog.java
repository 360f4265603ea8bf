package io.liveroom.infra.store;

import io.liveroom.infra.contracts.EventPayload;
import io.liveroom.infra.contracts.LiveEvent;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** The event log of a single process: a ring of the newest events, trimmed by count and age. */
public final class MemoryEventLog implements EventLog {
  /**
   * Events from index {@code head} on, consecutive seqs (the ring: dropped from the head, compacted
   * now and then).
   */
  private final List<LiveEvent> ring = new ArrayList<>();

  private int head;

  /** Per room: userID -> [sessionID, userName] of the sessions the log has in it. */
  private final Map<String, Map<String, String[]>> members = new HashMap<>();

  private final int retentionCount;
  private final long retentionMs;
  private final LongSupplier clock;
  private long last;

  public MemoryEventLog(int retentionCount, long retentionMs, LongSupplier clock) {
    this.retentionCount = retentionCount;
    this.retentionMs = retentionMs;
    this.clock = clock;
    this.last = EventLog.floor(0, clock.getAsLong());
  }

  @Override
  public synchronized Future<List<LiveEvent>> append(List<LiveEvent> drafts) {
    List<LiveEvent> out = new ArrayList<>();
    for (LiveEvent d : drafts) {
      int delta = EventLog.memberDelta(d);
      String session = EventLog.session(d);
      String user = EventLog.user(d);
      if (delta > 0) {
        Map<String, String[]> in = members.computeIfAbsent(d.roomID(), k -> new HashMap<>());
        String[] previous = in.get(user);
        if (previous != null && previous[0].equals(session)) {
          continue;
        }
        if (in.isEmpty()) {
          add(EventLog.created(d), out);
        }
        in.put(user, new String[] {session, ((EventPayload.UserJoined) d.payload()).userName()});
        add(d, out);
        if (previous != null) {
          add(EventLog.replaced(d, previous[0], previous[1]), out);
        }
      } else if (delta < 0) {
        Map<String, String[]> in = members.get(d.roomID());
        String[] current = in == null ? null : in.get(user);
        if (current != null && current[0].equals(session)) {
          in.remove(user);
          add(d, out);
          if (in.isEmpty()) {
            members.remove(d.roomID());
            add(EventLog.closed(d), out);
          }
        }
      } else {
        add(d, out);
      }
    }
    trim();
    return Future.succeededFuture(out);
  }

  private void add(LiveEvent draft, List<LiveEvent> out) {
    LiveEvent e = draft.withSeq(++last);
    ring.add(e);
    out.add(e);
  }

  private void trim() {
    long cutoff = clock.getAsLong() - retentionMs;
    while (size() > retentionCount || size() > 0 && ring.get(head).time() < cutoff) {
      ring.set(head++, null);
    }
    if (head > 1024 && head > ring.size() / 2) {
      ring.subList(0, head).clear();
      head = 0;
    }
  }

  private int size() {
    return ring.size() - head;
  }

  @Override
  public synchronized Future<Map<String, List<OpenSession>>> openSessions() {
    Map<String, List<OpenSession>> out = new HashMap<>();
    members.forEach(
        (room, in) -> {
          List<OpenSession> open = new ArrayList<>();
          in.forEach((user, s) -> open.add(new OpenSession(user, s[0], s[1])));
          if (!open.isEmpty()) {
            out.put(room, open);
          }
        });
    return Future.succeededFuture(out);
  }

  @Override
  public synchronized Future<EventPage> read(long after, int limit, String roomId) {
    trim();
    List<LiveEvent> out = new ArrayList<>();
    long next = after;
    int budget = roomId == null ? Integer.MAX_VALUE : Math.max(limit, limit * ROOM_SCAN_FACTOR);
    long oldest = size() == 0 ? last + 1 : ring.get(head).seq();
    if (after < oldest - 1) {
      next = oldest - 1;
    }
    long from = Math.max(0, after - oldest + 1); // seqs in the ring are consecutive
    for (long i = head + from; i < ring.size() && out.size() < limit && budget > 0; i++) {
      LiveEvent e = ring.get((int) i);
      budget--;
      next = e.seq();
      if (roomId == null || roomId.equals(e.roomID())) {
        out.add(e);
      }
    }
    if (roomId != null && out.size() < limit && budget > 0) {
      next = Math.max(next, last); // scanned to the end
    }
    return Future.succeededFuture(new EventPage(out, oldest, last, next));
  }
}
