package io.liveroom.gateway.fanout;

import io.liveroom.gateway.session.Session;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fan-out index: per room, this gateway's sessions in it and their seat there. Changed only
 * through {@link RoomFanout#enter} and {@link RoomFanout#leave} (which {@code SessionRegistry}
 * calls), read by the writers of each kind of push.
 */
public final class RoomMembers {
  private final Map<String, Map<Session, Session.Seat>> rooms = new HashMap<>();

  /** Adds the session's seat to the room's members. */
  void add(String roomId, Session session, Session.Seat seat) {
    rooms.computeIfAbsent(roomId, k -> new LinkedHashMap<>()).put(session, seat);
  }

  /** Removes the session from the room; true when that was the room's last local member. */
  boolean remove(String roomId, Session session) {
    Map<Session, Session.Seat> members = rooms.get(roomId);
    if (members != null && members.remove(session) != null && members.isEmpty()) {
      rooms.remove(roomId);
      return true;
    }
    return false;
  }

  /**
   * The room's local members and their seats, or null when it has none (live view: do not change
   * it).
   */
  Map<Session, Session.Seat> of(String roomId) {
    return rooms.get(roomId);
  }

  public int size() {
    return rooms.size();
  }

  /** The local sessions of every room (read-only view). */
  public Map<String, Map<Session, Session.Seat>> all() {
    return Collections.unmodifiableMap(rooms);
  }
}
