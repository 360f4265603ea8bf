package io.liveroom.infra.store;

import io.liveroom.infra.json.Json;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Nodes announcing themselves under a lease, in Redis: {@code {<kind>s}:<kind>:<id>} holds a node's
 * record (JSON) with a PX lease, the set {@code {<kind>s}:index} indexes them, and entries whose
 * key expired are dropped on read. The media-node and egress registries are both this (they extend
 * it).
 *
 * @param <R> the record type
 */
class RedisLeasedRegistry<R> {
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
        local v = redis.call('GET', ARGV[1] .. id)
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
  private final String nodePrefix;
  private final String index;
  private final Class<R> type;
  private final Function<R, String> id;

  /** {@code kind}: e.g. {@code medianode}, under {@code keyPrefix}. */
  protected RedisLeasedRegistry(
      RedisAPI redis, String keyPrefix, String kind, Class<R> type, Function<R, String> id) {
    this.redis = redis;
    // one hash tag per registry: the record keys and their index share a Redis Cluster slot, so
    // every script here stays single-slot (a registry holds tens to hundreds of nodes)
    this.nodePrefix = keyPrefix + "{" + kind + "s}:" + kind + ":";
    this.index = keyPrefix + "{" + kind + "s}:index";
    this.type = type;
    this.id = id;
  }

  String key(String nodeId) {
    return nodePrefix + nodeId;
  }

  public Future<Void> announce(R node, long leaseMs) {
    String nodeId = id.apply(node);
    return redis
        .eval(
            List.of(
                ANNOUNCE,
                "2",
                key(nodeId),
                index,
                nodeId,
                Json.toString(node),
                Long.toString(Math.max(1, leaseMs))))
        .mapEmpty();
  }

  /** The nodes whose lease holds, sorted by id. */
  public Future<List<R>> live() {
    return redis
        .eval(List.of(LIVE, "1", index, nodePrefix))
        .map(
            r -> {
              List<R> out = new ArrayList<>();
              r.forEach(item -> out.add(Json.fromString(item.toString(), type)));
              out.sort(Comparator.comparing(id));
              return out;
            });
  }

  public Future<R> get(String nodeId) {
    return redis.get(key(nodeId)).map(r -> r == null ? null : Json.fromString(r.toString(), type));
  }

  /** True when the node was announced. */
  public Future<Boolean> remove(String nodeId) {
    return redis
        .eval(List.of(REMOVE, "2", key(nodeId), index, nodeId))
        .map(r -> r != null && r.toInteger() > 0);
  }
}
