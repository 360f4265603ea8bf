package io.liveroom.infra.store;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.UUID;

/**
 * Store-loss detection in Redis. Any restart or failover of the Redis server counts: its {@code
 * run_id} (INFO server) changes, and whatever persistence it had, it may have come back without the
 * last writes (an RDB snapshot, a replica that had not caught up); re-asserting live state costs
 * little when nothing was lost. Besides that, two keys catch a loss without a restart (a FLUSHALL,
 * an operator restoring a dump through a proxy that hides the server): an epoch id and a tick every
 * check increments. A Redis that came back empty has no epoch (the first checker writes a new one,
 * every other node then sees it differ); one rewound to older data has the old epoch but a tick at
 * or below one this node already saw, so the checker that notices writes a new epoch for everyone.
 * One script, so checks of several nodes never interleave.
 */
public final class RedisStoreEpoch implements StoreEpoch {
  // KEYS: epoch, tick. ARGV: a fresh epoch id, the epoch this node knows ('' at first), its last
  // tick.
  static final String CHECK =
      """
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
  private String knownRunId = "";

  public RedisStoreEpoch(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    // one hash tag: the check's two keys share a Redis Cluster slot
    this.epochKey = keyPrefix + "{store}:epoch";
    this.tickKey = keyPrefix + "{store}:tick";
  }

  /** The server's run_id from INFO server, or null when it does not say (a proxy). */
  static String runId(String info) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("run_id:")) {
        return line.substring("run_id:".length()).trim();
      }
    }
    return null;
  }

  @Override
  public synchronized Future<Boolean> check() {
    String candidate = UUID.randomUUID().toString();
    return redis
        .eval(List.of(CHECK, "2", epochKey, tickKey, candidate, known, Long.toString(lastTick)))
        // (standalone and sentinel: one server answers both the script and INFO)
        .compose(
            r ->
                redis
                    .info(List.of("server"))
                    .map(
                        info -> {
                          synchronized (this) {
                            String epoch = r.get(0).toString();
                            long tick = r.get(1).toLong();
                            String runId = runId(info.toString());
                            boolean lost =
                                !known.isEmpty() && !known.equals(epoch)
                                    || !knownRunId.isEmpty()
                                        && runId != null
                                        && !knownRunId.equals(runId);
                            known = epoch;
                            lastTick = lost ? tick : Math.max(lastTick, tick);
                            if (runId != null) {
                              knownRunId = runId;
                            }
                            return lost;
                          }
                        }));
  }
}
