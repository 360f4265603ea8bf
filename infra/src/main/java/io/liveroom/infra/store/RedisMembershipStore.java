package io.liveroom.infra.store;

import io.liveroom.infra.json.Json;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Membership in Redis, shared by every room-service instance. A room is a hash userId -> member
 * JSON; a user's rooms are a set. Join and leave run as Lua scripts, so the cap check, the
 * replacement and both keys change atomically.
 */
public final class RedisMembershipStore implements MembershipStore {
  private static final String JOIN = """
      local cur = redis.call('HGET', KEYS[1], ARGV[1])
      if not cur then
        local cap = tonumber(ARGV[3])
        if cap > 0 and redis.call('HLEN', KEYS[1]) >= cap then return {'FULL'} end
      end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      redis.call('SADD', KEYS[2], ARGV[4])
      if cur then return {'REPLACED', cur} end
      return {'JOINED'}
      """;
  private static final String LEAVE = """
      local cur = redis.call('HGET', KEYS[1], ARGV[1])
      if not cur then return false end
      if ARGV[2] == '1' and cjson.decode(cur)['sessionId'] ~= ARGV[4] then return false end
      redis.call('HDEL', KEYS[1], ARGV[1])
      redis.call('SREM', KEYS[2], ARGV[3])
      return cur
      """;

  private final RedisAPI redis;
  private final Keys keys;

  /** The Redis keys of this store, under the configured prefix. */
  public record Keys(String prefix) {
    public String room(String roomId) {
      return prefix + "room:{" + roomId + "}:members";
    }

    public String userRooms(String userId) {
      return prefix + "user:{" + userId + "}:rooms";
    }
  }

  public RedisMembershipStore(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    this.keys = new Keys(keyPrefix);
  }

  @Override
  public Future<JoinResult> join(Member member, int maxMembers) {
    return redis.eval(List.of(JOIN, "2", keys.room(member.roomId()), keys.userRooms(member.userId()),
            member.userId(), Json.toString(member), Integer.toString(Math.max(0, maxMembers)), member.roomId()))
        .map(r -> switch (r.get(0).toString()) {
          case "FULL" -> JoinResult.full();
          case "REPLACED" -> JoinResult.replaced(decode(r.get(1)));
          default -> JoinResult.joined();
        });
  }

  @Override
  public Future<Member> leave(String roomId, String userId, String sessionId) {
    return redis.eval(List.of(LEAVE, "2", keys.room(roomId), keys.userRooms(userId), userId,
            sessionId == null ? "0" : "1", roomId, sessionId == null ? "" : sessionId))
        .map(RedisMembershipStore::decode);
  }

  @Override
  public Future<Member> member(String roomId, String userId) {
    return redis.hget(keys.room(roomId), userId).map(RedisMembershipStore::decode);
  }

  @Override
  public Future<List<Member>> members(String roomId) {
    return redis.hvals(keys.room(roomId)).map(r -> {
      List<Member> out = new ArrayList<>(r.size());
      r.forEach(item -> out.add(decode(item)));
      return out;
    });
  }

  @Override
  public Future<Integer> count(String roomId) {
    return redis.hlen(keys.room(roomId)).map(Response::toInteger);
  }

  @Override
  public Future<Set<String>> roomsOf(String userId) {
    return redis.smembers(keys.userRooms(userId)).map(r -> {
      Set<String> out = new HashSet<>();
      r.forEach(item -> out.add(item.toString()));
      return Set.copyOf(out);
    });
  }

  private static Member decode(Response r) {
    return r == null ? null : Json.fromString(r.toString(), Member.class);
  }
}
