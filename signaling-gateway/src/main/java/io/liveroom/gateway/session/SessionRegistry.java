package io.liveroom.gateway.session;

import io.liveroom.gateway.fanout.RoomFanout;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The connected sessions of this gateway, by sessionID, and the only place their seats change: a
 * session enters and leaves rooms here, which keeps the fan-out's room index ({@link RoomFanout})
 * in step with {@link Session#rooms()}. Confined to the gateway's event loop.
 */
public final class SessionRegistry {
  private final Map<String, Session> sessions = new HashMap<>();
  private final Collection<Session> view = Collections.unmodifiableCollection(sessions.values());
  private final RoomFanout fanout;
  private BiConsumer<String, String> leftRoom = (sessionId, roomId) -> {};

  public SessionRegistry(RoomFanout fanout) {
    this.fanout = fanout;
  }

  /**
   * Called with (sessionId, roomId) whenever a session leaves a room it was admitted to ({@link
   * #leave}).
   */
  public void onLeftRoom(BiConsumer<String, String> listener) {
    this.leftRoom = listener;
  }

  /** A connection opened. */
  public void add(Session session) {
    sessions.put(session.id(), session);
  }

  /** The connected session with this id, or null. */
  public Session get(String sessionId) {
    return sessions.get(sessionId);
  }

  /** The connected sessions (read-only live view). */
  public Collection<Session> all() {
    return view;
  }

  /** A copy of the connected sessions, safe to iterate while sessions come and go. */
  public List<Session> snapshot() {
    return List.copyOf(sessions.values());
  }

  public int size() {
    return sessions.size();
  }

  /**
   * The connection is gone: the session is no longer connected and leaves every room's fan-out. Its
   * seats stay on the session, so {@link SessionLifecycle#closed} can park them.
   */
  public void disconnected(Session session) {
    sessions.remove(session.id());
    session.rooms().keySet().forEach(roomId -> fanout.leave(roomId, session));
  }

  /** A resumed session's identity moves onto this connection (which is in no room yet). */
  public void rename(Session session, String sessionId, String resumeToken) {
    sessions.remove(session.id());
    session.adopt(new Session.Identity(sessionId, resumeToken));
    sessions.put(sessionId, session);
  }

  /** The session takes a seat in a room; completes once the room's events reach this gateway. */
  public Future<Void> enter(Session session, String roomId, Session.Seat seat) {
    if (session.rooms().containsKey(roomId)) {
      throw new IllegalStateException(
          "session " + session.id() + " already has a seat in " + roomId);
    }
    session.seat(roomId, seat);
    return fanout.enter(roomId, session, seat);
  }

  /**
   * The session leaves a room it was admitted to (logout, kick, expired token); tells {@link
   * #onLeftRoom}.
   */
  public void leave(Session session, String roomId) {
    session.unseat(roomId);
    fanout.leave(roomId, session);
    leftRoom.accept(session.id(), roomId);
  }

  /**
   * A seat that never became a member: a login that failed or whose session went away meanwhile, a
   * room lost while the session was away. The seat goes unless another one took its place.
   */
  public void abandon(Session session, String roomId, Session.Seat seat) {
    if (session.rooms().get(roomId) == seat) {
      session.unseat(roomId);
    }
    fanout.leave(roomId, session);
  }
}
