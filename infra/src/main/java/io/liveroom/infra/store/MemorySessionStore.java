package io.liveroom.infra.store;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** Parked sessions in this process's memory. Thread-safe. */
public final class MemorySessionStore implements SessionStore {
  private final Map<String, Parked> parked = new HashMap<>();
  private final LongSupplier clock;

  private record Parked(ParkedSession session, long until) {}

  public MemorySessionStore(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Future<Void> park(ParkedSession session, long ttlMs) {
    parked.values().removeIf(p -> p.until() <= clock.getAsLong());
    parked.put(session.sessionId(), new Parked(session, clock.getAsLong() + ttlMs));
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<ParkedSession> take(String sessionId, String resumeToken) {
    Parked p = parked.get(sessionId);
    if (p == null || p.until() <= clock.getAsLong()) {
      parked.remove(sessionId);
      return Future.succeededFuture(null);
    }
    if (resumeToken != null
        && !MessageDigest.isEqual(
            resumeToken.getBytes(StandardCharsets.UTF_8),
            p.session().resumeToken().getBytes(StandardCharsets.UTF_8))) {
      return Future.succeededFuture(null);
    }
    parked.remove(sessionId);
    return Future.succeededFuture(p.session());
  }
}
