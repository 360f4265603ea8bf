package io.liveroom.infra.store;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Store-loss detection on a Redis Cluster, where every master can lose its shard on its own. Each
 * check reads the slot map (CLUSTER SLOTS) and counts as a loss any slot range whose master changed
 * since the previous check (a failover to a replica that may lag, a reshard: re-asserting costs
 * little when nothing was lost). Besides that it runs {@link RedisStoreEpoch}'s epoch-and-tick
 * script once per master, on keys whose hash tag falls in that master's slots, which catches a
 * master that came back empty or rewound without a failover.
 */
public final class ClusterStoreEpoch implements StoreEpoch {
  private final RedisAPI redis;
  private final String keyPrefix;
  private Map<Long, String> knownMasters = Map.of();
  private final Map<String, String> knownEpoch = new HashMap<>();
  private final Map<String, Long> lastTick = new HashMap<>();

  public ClusterStoreEpoch(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
  }

  /** A hash tag whose slot lies in [start, end]. */
  static String tagIn(long start, long end) {
    for (int i = 0; ; i++) {
      String tag = "store-" + i;
      int slot = RedisKeys.slot(tag);
      if (slot >= start && slot <= end) {
        return tag;
      }
    }
  }

  @Override
  public synchronized Future<Boolean> check() {
    return redis
        .cluster(List.of("SLOTS"))
        .compose(
            slots -> {
              // slot range start -> [end, master node id]
              TreeMap<Long, String> masters = new TreeMap<>();
              Map<String, long[]> oneRangePerMaster = new HashMap<>();
              for (Response range : slots) {
                long start = range.get(0).toLong();
                long end = range.get(1).toLong();
                Response master = range.get(2);
                String id = master.size() > 2 ? master.get(2).toString() : master.toString();
                masters.put(start, end + "/" + id);
                oneRangePerMaster.putIfAbsent(id, new long[] {start, end});
              }
              List<Future<Boolean>> checks = new ArrayList<>();
              oneRangePerMaster.values().forEach(r -> checks.add(checkShard(tagIn(r[0], r[1]))));
              return Future.all(checks)
                  .map(
                      all -> {
                        synchronized (this) {
                          boolean lost = !knownMasters.isEmpty() && !knownMasters.equals(masters);
                          for (int i = 0; i < checks.size(); i++) {
                            lost |= Boolean.TRUE.equals(all.resultAt(i));
                          }
                          knownMasters = Map.copyOf(masters);
                          return lost;
                        }
                      });
            });
  }

  /** The epoch-and-tick check of the shard holding {@code tag}: true when it lost its state. */
  private Future<Boolean> checkShard(String tag) {
    String known;
    long tick;
    synchronized (this) {
      known = knownEpoch.getOrDefault(tag, "");
      tick = lastTick.getOrDefault(tag, 0L);
    }
    return RedisScripts.eval(
            redis,
            RedisStoreEpoch.CHECK,
            List.of(keyPrefix + "{" + tag + "}:epoch", keyPrefix + "{" + tag + "}:tick"),
            List.of(UUID.randomUUID().toString(), known, Long.toString(tick)))
        .map(
            r -> {
              synchronized (this) {
                String epoch = r.get(0).toString();
                long t = r.get(1).toLong();
                boolean lost = !known.isEmpty() && !known.equals(epoch);
                knownEpoch.put(tag, epoch);
                lastTick.put(tag, lost ? t : Math.max(tick, t));
                return lost;
              }
            });
  }
}
