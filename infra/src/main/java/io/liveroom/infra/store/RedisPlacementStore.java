package io.liveroom.infra.store;

import io.liveroom.infra.json.Json;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Room placements in Redis: {@code placement:{room}} holds the placement with a PX lease (SET NX
 * semantics in one script), {@code placements:node:{id}} indexes a node's rooms and {@code
 * placements:nodes} the nodes with rooms; index entries whose placement lapsed are dropped when
 * read. Every change is one Lua script.
 */
public final class RedisPlacementStore implements PlacementStore {
  private static final String PLACE =
      """
      local cur = redis.call('GET', KEYS[1])
      if cur then return cur end
      redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
      redis.call('SADD', KEYS[2], ARGV[1])
      redis.call('SADD', KEYS[3], ARGV[4])
      return ARGV[2]
      """;
  private static final String RENEW =
      """
      local cur = redis.call('GET', KEYS[1])
      if not cur or cjson.decode(cur)['nodeId'] ~= ARGV[1] then return 0 end
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return 1
      """;
  private static final String RELEASE =
      """
      local cur = redis.call('GET', KEYS[1])
      if not cur or cjson.decode(cur)['nodeId'] ~= ARGV[2] then return 0 end
      redis.call('DEL', KEYS[1])
      redis.call('SREM', KEYS[2], ARGV[1])
      if redis.call('SCARD', KEYS[2]) == 0 then redis.call('SREM', KEYS[3], ARGV[2]) end
      return 1
      """;
  private static final String MOVE =
      """
      local cur = redis.call('GET', KEYS[1])
      if not cur then return false end
      local p = cjson.decode(cur)
      if p['nodeId'] ~= ARGV[2] then return false end
      p['nodeId'] = ARGV[3]
      p['placedAt'] = tonumber(ARGV[5])
      p['moves'] = (p['moves'] or 0) + 1
      local moved = cjson.encode(p)
      redis.call('SET', KEYS[1], moved, 'PX', ARGV[4])
      redis.call('SREM', KEYS[2], ARGV[1])
      if redis.call('SCARD', KEYS[2]) == 0 then redis.call('SREM', KEYS[4], ARGV[2]) end
      redis.call('SADD', KEYS[3], ARGV[1])
      redis.call('SADD', KEYS[4], ARGV[3])
      return moved
      """;
  private static final String ROOMS_ON =
      """
      local out = {}
      for _, room in ipairs(redis.call('SMEMBERS', KEYS[1])) do
        local v = redis.call('GET', ARGV[2] .. room .. '}')
        if v and cjson.decode(v)['nodeId'] == ARGV[1] then table.insert(out, v)
        else redis.call('SREM', KEYS[1], room) end
      end
      if redis.call('SCARD', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[1]) end
      return out
      """;

  private final RedisAPI redis;
  private final Keys keys;

  /** This store's keys under the configured prefix. */
  public record Keys(String prefix) {
    String room(String roomId) {
      return roomPrefix() + roomId + "}";
    }

    String roomPrefix() {
      return prefix + "placement:{";
    }

    String node(String nodeId) {
      return prefix + "placements:node:{" + nodeId + "}";
    }

    String nodes() {
      return prefix + "placements:nodes";
    }
  }

  public RedisPlacementStore(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    this.keys = new Keys(keyPrefix);
  }

  @Override
  public Future<RoomPlacement> place(String roomId, String nodeId, long leaseMs) {
    String json = Json.toString(new RoomPlacement(roomId, nodeId, System.currentTimeMillis(), 0));
    return RedisScripts.eval(
            redis,
            PLACE,
            List.of(keys.room(roomId), keys.node(nodeId), keys.nodes()),
            List.of(roomId, json, lease(leaseMs), nodeId))
        .map(RedisPlacementStore::decode);
  }

  @Override
  public Future<RoomPlacement> get(String roomId) {
    return redis.get(keys.room(roomId)).map(RedisPlacementStore::decode);
  }

  @Override
  public Future<Boolean> renew(String roomId, String nodeId, long leaseMs) {
    return RedisScripts.eval(
            redis, RENEW, List.of(keys.room(roomId)), List.of(nodeId, lease(leaseMs)))
        .map(r -> r.toInteger() == 1);
  }

  @Override
  public Future<Boolean> release(String roomId, String nodeId) {
    return RedisScripts.eval(
            redis,
            RELEASE,
            List.of(keys.room(roomId), keys.node(nodeId), keys.nodes()),
            List.of(roomId, nodeId))
        .map(r -> r.toInteger() == 1);
  }

  @Override
  public Future<RoomPlacement> move(
      String roomId, String fromNodeId, String toNodeId, long leaseMs) {
    return RedisScripts.eval(
            redis,
            MOVE,
            List.of(keys.room(roomId), keys.node(fromNodeId), keys.node(toNodeId), keys.nodes()),
            List.of(
                roomId,
                fromNodeId,
                toNodeId,
                lease(leaseMs),
                Long.toString(System.currentTimeMillis())))
        .map(RedisPlacementStore::decode);
  }

  @Override
  public Future<List<RoomPlacement>> roomsOn(String nodeId) {
    return RedisScripts.eval(
            redis,
            ROOMS_ON,
            List.of(keys.node(nodeId), keys.nodes()),
            List.of(nodeId, keys.roomPrefix()))
        .map(
            r -> {
              List<RoomPlacement> out = new ArrayList<>();
              r.forEach(item -> out.add(decode(item)));
              out.sort(Comparator.comparing(RoomPlacement::roomId));
              return out;
            });
  }

  @Override
  public Future<List<String>> nodes() {
    return redis
        .smembers(keys.nodes())
        .map(
            r -> {
              List<String> out = new ArrayList<>();
              r.forEach(item -> out.add(item.toString()));
              out.sort(null);
              return out;
            });
  }

  private static String lease(long leaseMs) {
    return Long.toString(Math.max(1, leaseMs));
  }

  private static RoomPlacement decode(Response r) {
    return r == null ? null : Json.fromString(r.toString(), RoomPlacement.class);
  }
}
