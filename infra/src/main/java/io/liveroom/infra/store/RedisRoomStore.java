package io.liveroom.infra.store;

import io.liveroom.infra.json.Json;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Rooms in Redis: settings as a JSON string per room, extra info as a hash key -> JSON (both under
 * the room's hash tag, with its members), and a sorted set of open room ids. Closing checks the
 * membership hash in the same Lua script; the index is maintained beside the room's scripts (it is
 * another Redis Cluster slot).
 */
public final class RedisRoomStore implements RoomStore {
  // KEYS: the room's info. The open-room index (another slot) is written after.
  private static final String OPEN =
      """
      local created = redis.call('SET', KEYS[1], ARGV[1], 'NX')
      if created then return ARGV[1] end
      return redis.call('GET', KEYS[1])
      """;
  // KEYS: the room's members, info, extra info (one slot). The index entry is removed after.
  private static final String CLOSE =
      """
      if redis.call('HLEN', KEYS[1]) > 0 or redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
      redis.call('DEL', KEYS[2], KEYS[3])
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
      return RedisKeys.room(prefix, roomId, "info");
    }

    String extra(String roomId) {
      return RedisKeys.room(prefix, roomId, "extra");
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

  /**
   * The room's settings are set in its own slot, then the room is indexed (idempotent, also when
   * another instance created it: an instance that died between the two leaves the index to the next
   * open).
   */
  @Override
  public Future<RoomInfo> open(RoomInfo proposed) {
    return RedisScripts.eval(
            redis, OPEN, List.of(keys.info(proposed.roomId())), List.of(Json.toString(proposed)))
        .map(r -> Json.fromString(r.toString(), RoomInfo.class))
        .compose(info -> redis.zadd(List.of(keys.index(), "0", proposed.roomId())).map(info));
  }

  @Override
  public Future<RoomInfo> info(String roomId) {
    return redis
        .get(keys.info(roomId))
        .map(r -> r == null ? null : Json.fromString(r.toString(), RoomInfo.class));
  }

  /**
   * The emptiness check and the deletion run in the room's slot; the index entry goes after, and
   * comes back when the room was opened again in between (its open's ZADD may have run first).
   */
  @Override
  public Future<Boolean> closeIfEmpty(String roomId) {
    return RedisScripts.eval(
            redis,
            CLOSE,
            List.of(memberKeys.room(roomId), keys.info(roomId), keys.extra(roomId)),
            List.of())
        .compose(
            r -> {
              if (r.toInteger() != 1) {
                return Future.succeededFuture(false);
              }
              return redis
                  .zrem(List.of(keys.index(), roomId))
                  .compose(x -> redis.exists(List.of(keys.info(roomId))))
                  .compose(
                      e ->
                          e.toInteger() > 0
                              ? redis.zadd(List.of(keys.index(), "0", roomId)).map(true)
                              : Future.succeededFuture(true));
            });
  }

  @Override
  public Future<Boolean> setExtraInfo(String roomId, RoomExtraInfo info, int maxKeys) {
    return RedisScripts.eval(
            redis,
            SET_EXTRA,
            List.of(keys.extra(roomId)),
            List.of(info.key(), Json.toString(info), Integer.toString(maxKeys)))
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
