package io.liveroom.infra.store;

import io.vertx.core.Future;

/** Parked sessions, shared by every gateway so a client may resume on any of them. */
public interface SessionStore {
  /** Parks a session for {@code ttlMs}; it is gone afterwards. */
  Future<Void> park(ParkedSession session, long ttlMs);

  /**
   * Takes (removes and returns) a parked session. With a {@code resumeToken}, only when it matches
   * (a wrong token changes nothing); with {@code null}, unconditionally. Returns null otherwise.
   */
  Future<ParkedSession> take(String sessionId, String resumeToken);
}
