package io.liveroom.infra.store;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Delivery cursors in Redis. Per endpoint (keyed by a hash of its URL, under one hash tag): a lease
 * key {@code owner fence} with a TTL, a position key; fences come from one counter. Acquire and
 * commit are Lua scripts, so the lease check and the write are one step.
 */
public final class RedisDeliveryCursors implements DeliveryCursors {
  // KEYS: lease, fences. ARGV: owner, ttl
  private static final String ACQUIRE =
      """
      local cur = redis.call('GET', KEYS[1])
      if cur then
        local owner, fence = string.match(cur, '^(.*) (%d+)$')
        if owner ~= ARGV[1] then return 0 end
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return tonumber(fence)
      end
      local f = redis.call('INCR', KEYS[2])
      redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. f, 'PX', ARGV[2])
      return f
      """;
  // KEYS: lease, position. ARGV: owner, fence, seq
  private static final String COMMIT =
      """
      if redis.call('GET', KEYS[1]) ~= ARGV[1] .. ' ' .. ARGV[2] then return 0 end
      local p = redis.call('GET', KEYS[2])
      if not p or tonumber(p) < tonumber(ARGV[3]) then redis.call('SET', KEYS[2], ARGV[3]) end
      return 1
      """;
  // KEYS: lease. ARGV: owner
  private static final String RELEASE =
      """
      local cur = redis.call('GET', KEYS[1])
      if cur and string.match(cur, '^(.*) %d+$') == ARGV[1] then redis.call('DEL', KEYS[1]) end
      return 1
      """;
  private final RedisAPI redis;
  private final String prefix;

  public RedisDeliveryCursors(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    this.prefix = keyPrefix + "{webhooks}:";
  }

  static String endpointKey(String endpoint) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(endpoint.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String lease(String endpoint) {
    return prefix + "lease:" + endpointKey(endpoint);
  }

  private String positionKey(String endpoint) {
    return prefix + "position:" + endpointKey(endpoint);
  }

  @Override
  public Future<Long> acquire(String endpoint, String owner, long ttlMs) {
    return redis
        .eval(
            List.of(ACQUIRE, "2", lease(endpoint), prefix + "fences", owner, Long.toString(ttlMs)))
        .map(r -> r.toLong());
  }

  @Override
  public Future<Long> position(String endpoint) {
    return redis.get(positionKey(endpoint)).map(r -> r == null ? -1L : r.toLong());
  }

  @Override
  public Future<Boolean> commit(String endpoint, String owner, long fence, long seq) {
    return redis
        .eval(
            List.of(
                COMMIT,
                "2",
                lease(endpoint),
                positionKey(endpoint),
                owner,
                Long.toString(fence),
                Long.toString(seq)))
        .map(r -> r.toLong() == 1);
  }

  @Override
  public Future<Void> release(String endpoint, String owner) {
    return redis.eval(List.of(RELEASE, "1", lease(endpoint), owner)).mapEmpty();
  }
}
