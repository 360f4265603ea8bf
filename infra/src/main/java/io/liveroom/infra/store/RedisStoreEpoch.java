package io.liveroom.infra.store;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.UUID;

/**
 * Store-loss detection in Redis with two keys: an epoch id, and a tick every check increments. A
 * Redis that came back empty has no epoch (the first checker writes a new one, every other node
 * then sees it differ); one restored from an older snapshot, or a replica promoted before it had
 * caught up, has the old epoch but a tick at or below one this node already saw, so the checker that
 * notices writes a new epoch for everyone. One script, so checks of several nodes never interleave.
 * What it cannot see: writes lost inside one check interval whose tick was replicated anyway.
 */
public final class RedisStoreEpoch implements StoreEpoch {
  // KEYS: epoch, tick. ARGV: a fresh epoch id, the epoch this node knows ('' at first), its last tick.
  private static final String CHECK = """
      local e = redis.call('GET', KEYS[1])
      local t = redis.call('INCR', KEYS[2])
      if not e or (e == ARGV[2] and t <= tonumber(ARGV[3])) then
        e = ARGV[1]
        redis.call('SET', KEYS[1], e)
      end
      return {e, t}
      """;
  private final RedisAPI redis;
  private final String epochKey;
  private final String tickKey;
  private String known = "";
  private long lastTick;

  public RedisStoreEpoch(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    this.epochKey = keyPrefix + "store:epoch";
    this.tickKey = keyPrefix + "store:tick";
  }

  @Override
  public synchronized Future<Boolean> check() {
    String candidate = UUID.randomUUID().toString();
    return redis.eval(List.of(CHECK, "2", epochKey, tickKey, candidate, known, Long.toString(lastTick)))
        .map(r -> {
          synchronized (this) {
            String epoch = r.get(0).toString();
            long tick = r.get(1).toLong();
            boolean lost = !known.isEmpty() && !known.equals(epoch);
            known = epoch;
            lastTick = Math.max(lastTick, tick);
            if (lost) {
              lastTick = tick;
            }
            return lost;
          }
        });
  }
}
