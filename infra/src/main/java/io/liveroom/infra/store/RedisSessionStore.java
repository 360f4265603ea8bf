package io.liveroom.infra.store;

import io.liveroom.infra.json.Json;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.List;

/** Parked sessions in Redis with a TTL; taking is one Lua script, so exactly one taker wins. */
public final class RedisSessionStore implements SessionStore {
  private static final String TAKE =
      """
      local cur = redis.call('GET', KEYS[1])
      if not cur then return false end
      if ARGV[1] == '1' and cjson.decode(cur)['resumeToken'] ~= ARGV[2] then return false end
      redis.call('DEL', KEYS[1])
      return cur
      """;
  private final RedisAPI redis;
  private final String prefix;

  public RedisSessionStore(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    this.prefix = keyPrefix + "session:{";
  }

  private String key(String sessionId) {
    return prefix + sessionId + "}";
  }

  @Override
  public Future<Void> park(ParkedSession session, long ttlMs) {
    return redis
        .set(
            List.of(
                key(session.sessionId()),
                Json.toString(session),
                "PX",
                Long.toString(Math.max(1, ttlMs))))
        .mapEmpty();
  }

  @Override
  public Future<ParkedSession> take(String sessionId, String resumeToken) {
    return redis
        .eval(
            List.of(
                TAKE,
                "1",
                key(sessionId),
                resumeToken == null ? "0" : "1",
                resumeToken == null ? "" : resumeToken))
        .map(r -> r == null ? null : Json.fromString(r.toString(), ParkedSession.class));
  }
}
