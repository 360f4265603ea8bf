package io.liveroom.infra.store;

import io.liveroom.infra.json.Json;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The media-node registry in Redis: {@code medianode:{id}} holds the announcement with a PX lease;
 * the set {@code medianodes} indexes them (entries whose key expired are dropped on read).
 */
public final class RedisMediaNodeStore implements MediaNodeStore {
  private static final String ANNOUNCE =
      """
      redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
      redis.call('SADD', KEYS[2], ARGV[1])
      return 1
      """;
  private static final String LIVE =
      """
      local out = {}
      for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
        local v = redis.call('GET', ARGV[1] .. id .. '}')
        if v then table.insert(out, v) else redis.call('SREM', KEYS[1], id) end
      end
      return out
      """;
  private static final String REMOVE =
      """
      redis.call('SREM', KEYS[2], ARGV[1])
      return redis.call('DEL', KEYS[1])
      """;

  private final RedisAPI redis;
  private final Keys keys;

  /** This store's keys under the configured prefix. */
  public record Keys(String prefix) {
    String node(String nodeId) {
      return nodePrefix() + nodeId + "}";
    }

    String nodePrefix() {
      return prefix + "medianode:{";
    }

    String index() {
      return prefix + "medianodes";
    }
  }

  public RedisMediaNodeStore(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    this.keys = new Keys(keyPrefix);
  }

  @Override
  public Future<Void> announce(MediaNodeRecord node, long leaseMs) {
    return redis
        .eval(
            List.of(
                ANNOUNCE,
                "2",
                keys.node(node.nodeId()),
                keys.index(),
                node.nodeId(),
                Json.toString(node),
                Long.toString(Math.max(1, leaseMs))))
        .mapEmpty();
  }

  @Override
  public Future<List<MediaNodeRecord>> live() {
    return redis
        .eval(List.of(LIVE, "1", keys.index(), keys.nodePrefix()))
        .map(
            r -> {
              List<MediaNodeRecord> out = new ArrayList<>();
              r.forEach(item -> out.add(Json.fromString(item.toString(), MediaNodeRecord.class)));
              out.sort(Comparator.comparing(MediaNodeRecord::nodeId));
              return out;
            });
  }

  @Override
  public Future<MediaNodeRecord> get(String nodeId) {
    return redis
        .get(keys.node(nodeId))
        .map(r -> r == null ? null : Json.fromString(r.toString(), MediaNodeRecord.class));
  }

  @Override
  public Future<Boolean> remove(String nodeId) {
    return redis
        .eval(List.of(REMOVE, "2", keys.node(nodeId), keys.index(), nodeId))
        .map(r -> r != null && r.toInteger() > 0);
  }
}
