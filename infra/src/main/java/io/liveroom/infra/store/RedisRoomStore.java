package io.liveroom.infra.store;

import io.liveroom.infra.json.Json;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Rooms in Redis: settings as a JSON string per room, extra info as a hash key -> JSON, and a
 * sorted set of open room ids. Closing checks the membership hash in the same Lua script.
 */
public final class RedisRoomStore implements RoomStore {
  private static final String OPEN =
      """
      local created = redis.call('SET', KEYS[1], ARGV[1], 'NX')
      if created then redis.call('ZADD', KEYS[2], 0, ARGV[2]) return ARGV[1] end
      return redis.call('GET', KEYS[1])
      """;
  private static final String CLOSE =
      """
      if redis.call('HLEN', KEYS[1]) > 0 or redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
      redis.call('DEL', KEYS[2], KEYS[3])
      redis.call('ZREM', KEYS[4], ARGV[1])
      return 1
      """;
  private static final String SET_EXTRA =
      """
      if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then
        return 0
      end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      return 1
      """;

  private final RedisAPI redis;
  private final Keys keys;
  private final RedisMembershipStore.Keys memberKeys;

  /** This store's keys under the configured prefix. */
  public record Keys(String prefix) {
    String info(String roomId) {
      return prefix + "room:{" + roomId + "}:info";
    }

    String extra(String roomId) {
      return prefix + "room:{" + roomId + "}:extra";
    }

    String index() {
      return prefix + "rooms";
    }
  }

  public RedisRoomStore(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    this.keys = new Keys(keyPrefix);
    this.memberKeys = new RedisMembershipStore.Keys(keyPrefix);
  }

  @Override
  public Future<RoomInfo> open(RoomInfo proposed) {
    return redis
        .eval(
            List.of(
                OPEN,
                "2",
                keys.info(proposed.roomId()),
                keys.index(),
                Json.toString(proposed),
                proposed.roomId()))
        .map(r -> Json.fromString(r.toString(), RoomInfo.class));
  }

  @Override
  public Future<RoomInfo> info(String roomId) {
    return redis
        .get(keys.info(roomId))
        .map(r -> r == null ? null : Json.fromString(r.toString(), RoomInfo.class));
  }

  @Override
  public Future<Boolean> closeIfEmpty(String roomId) {
    return redis
        .eval(
            List.of(
                CLOSE,
                "4",
                memberKeys.room(roomId),
                keys.info(roomId),
                keys.extra(roomId),
                keys.index(),
                roomId))
        .map(r -> r.toInteger() == 1);
  }

  @Override
  public Future<Boolean> setExtraInfo(String roomId, RoomExtraInfo info, int maxKeys) {
    return redis
        .eval(
            List.of(
                SET_EXTRA,
                "1",
                keys.extra(roomId),
                info.key(),
                Json.toString(info),
                Integer.toString(maxKeys)))
        .map(r -> r.toInteger() == 1);
  }

  @Override
  public Future<List<RoomExtraInfo>> extraInfo(String roomId) {
    return redis
        .hvals(keys.extra(roomId))
        .map(
            r -> {
              List<RoomExtraInfo> out = new ArrayList<>();
              r.forEach(item -> out.add(Json.fromString(item.toString(), RoomExtraInfo.class)));
              out.sort((a, b) -> a.key().compareTo(b.key()));
              return out;
            });
  }

  @Override
  public Future<List<String>> list(int offset, int limit) {
    if (limit <= 0) {
      return Future.succeededFuture(List.of());
    }
    return redis
        .zrange(
            List.of(
                keys.index(), Integer.toString(offset), Long.toString((long) offset + limit - 1)))
        .map(
            r -> {
              List<String> out = new ArrayList<>();
              r.forEach(item -> out.add(item.toString()));
              return out;
            });
  }

  @Override
  public Future<Integer> roomCount() {
    return redis.zcard(keys.index()).map(Response::toInteger);
  }
}
