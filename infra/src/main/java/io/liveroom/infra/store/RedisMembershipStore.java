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
  // KEYS: room, user's rooms, new gateway's index. ARGV: userId, member JSON, cap, roomId, key
  // prefix,
  // index entry, gatewayId. A replaced membership held through another gateway leaves that index.
  private static final String JOIN =
      """
      local cur = redis.call('HGET', KEYS[1], ARGV[1])
      if not cur then
        local cap = tonumber(ARGV[3])
        if cap > 0 and redis.call('HLEN', KEYS[1]) >= cap then return {'FULL'} end
      end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      redis.call('SADD', KEYS[2], ARGV[4])
      if cur then
        local old = cjson.decode(cur)['gatewayId']
        if type(old) == 'string' and old ~= ARGV[7] then
          redis.call('SREM', ARGV[5] .. 'gateway:{' .. old .. '}:members', ARGV[6])
        end
      end
      redis.call('SADD', KEYS[3], ARGV[6])
      if cur then return {'REPLACED', cur} end
      return {'JOINED'}
      """;
  // KEYS: room, user's rooms, gateway's index. ARGV: userId, member JSON, sessionId, roomId,
  // prefix, entry.
  // Another session's membership stays and is returned; otherwise the member is (re)written.
  private static final String RESTORE =
      """
      local cur = redis.call('HGET', KEYS[1], ARGV[1])
      if cur then
        local m = cjson.decode(cur)
        if m['sessionId'] ~= ARGV[3] then return cur end
        if type(m['gatewayId']) == 'string' then
          redis.call('SREM', ARGV[5] .. 'gateway:{' .. m['gatewayId'] .. '}:members', ARGV[6])
        end
      end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      redis.call('SADD', KEYS[2], ARGV[4])
      redis.call('SADD', KEYS[3], ARGV[6])
      return false
      """;
  // KEYS: room, user's rooms. ARGV: userId, '1' to check the session, roomId, sessionId, prefix,
  // entry.
  private static final String LEAVE =
      """
      local cur = redis.call('HGET', KEYS[1], ARGV[1])
      if not cur then return false end
      local m = cjson.decode(cur)
      if ARGV[2] == '1' and m['sessionId'] ~= ARGV[4] then return false end
      redis.call('HDEL', KEYS[1], ARGV[1])
      redis.call('SREM', KEYS[2], ARGV[3])
      if type(m['gatewayId']) == 'string' then
        redis.call('SREM', ARGV[5] .. 'gateway:{' .. m['gatewayId'] .. '}:members', ARGV[6])
      end
      return cur
      """;
  // KEYS: room, user's rooms, the gateway's index. ARGV: userId, roomId, gatewayId, entry.
  private static final String LEAVE_GATEWAY =
      """
      local cur = redis.call('HGET', KEYS[1], ARGV[1])
      if not cur or cjson.decode(cur)['gatewayId'] ~= ARGV[3] then
        redis.call('SREM', KEYS[3], ARGV[4])
        return false
      end
      redis.call('HDEL', KEYS[1], ARGV[1])
      redis.call('SREM', KEYS[2], ARGV[2])
      redis.call('SREM', KEYS[3], ARGV[4])
      return cur
      """;
  // KEYS: room, the new gateway's index. ARGV: userId, sessionId, gatewayId, prefix, entry. The
  // member keeps everything but its gateway; null when another session (or none) holds it.
  private static final String MOVE =
      """
      local cur = redis.call('HGET', KEYS[1], ARGV[1])
      if not cur then return false end
      local m = cjson.decode(cur)
      if m['sessionId'] ~= ARGV[2] then return false end
      if type(m['gatewayId']) == 'string' and m['gatewayId'] ~= ARGV[3] then
        redis.call('SREM', ARGV[4] .. 'gateway:{' .. m['gatewayId'] .. '}:members', ARGV[5])
      end
      m['gatewayId'] = ARGV[3]
      local moved = cjson.encode(m)
      redis.call('HSET', KEYS[1], ARGV[1], moved)
      redis.call('SADD', KEYS[2], ARGV[5])
      return moved
      """;
  // KEYS: room, user's rooms, the gateway's index. ARGV: userId, roomId, sessionId, gatewayId,
  // entry.
  private static final String LEAVE_HELD =
      """
      local cur = redis.call('HGET', KEYS[1], ARGV[1])
      if not cur then return false end
      local m = cjson.decode(cur)
      if m['sessionId'] ~= ARGV[3] or m['gatewayId'] ~= ARGV[4] then return false end
      redis.call('HDEL', KEYS[1], ARGV[1])
      redis.call('SREM', KEYS[2], ARGV[2])
      redis.call('SREM', KEYS[3], ARGV[5])
      return cur
      """;
  // KEYS: the gateway's index. ARGV: prefix. Returns the member JSON of every indexed membership.
  private static final String ON_GATEWAY =
      """
      local out = {}
      for _, e in ipairs(redis.call('SMEMBERS', KEYS[1])) do
        local nl = string.find(e, '\\n', 1, true)
        local cur = redis.call('HGET', ARGV[1] .. 'room:{' .. string.sub(e, 1, nl - 1) .. '}:members',
          string.sub(e, nl + 1))
        if cur then out[#out + 1] = cur end
      end
      return out
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

    /** The set of "roomId\nuserId" entries held through one gateway. */
    public String gateway(String gatewayId) {
      return prefix + "gateway:{" + gatewayId + "}:members";
    }
  }

  public RedisMembershipStore(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    this.keys = new Keys(keyPrefix);
  }

  @Override
  public Future<JoinResult> join(Member member, int maxMembers) {
    return RedisScripts.eval(
            redis,
            JOIN,
            List.of(
                keys.room(member.roomId()),
                keys.userRooms(member.userId()),
                keys.gateway(member.gatewayId())),
            List.of(
                member.userId(),
                Json.toString(member),
                Integer.toString(Math.max(0, maxMembers)),
                member.roomId(),
                keys.prefix(),
                entry(member.roomId(), member.userId()),
                member.gatewayId()))
        .map(
            r ->
                switch (r.get(0).toString()) {
                  case "FULL" -> JoinResult.full();
                  case "REPLACED" -> JoinResult.replaced(decode(r.get(1)));
                  default -> JoinResult.joined();
                });
  }

  @Override
  public Future<Member> leave(String roomId, String userId, String sessionId) {
    return RedisScripts.eval(
            redis,
            LEAVE,
            List.of(keys.room(roomId), keys.userRooms(userId)),
            List.of(
                userId,
                sessionId == null ? "0" : "1",
                roomId,
                sessionId == null ? "" : sessionId,
                keys.prefix(),
                entry(roomId, userId)))
        .map(RedisMembershipStore::decode);
  }

  @Override
  public Future<Member> restore(Member member) {
    return RedisScripts.eval(
            redis,
            RESTORE,
            List.of(
                keys.room(member.roomId()),
                keys.userRooms(member.userId()),
                keys.gateway(member.gatewayId())),
            List.of(
                member.userId(),
                Json.toString(member),
                member.sessionId(),
                member.roomId(),
                keys.prefix(),
                entry(member.roomId(), member.userId())))
        .map(RedisMembershipStore::decode);
  }

  @Override
  public Future<Member> leaveGateway(String roomId, String userId, String gatewayId) {
    return RedisScripts.eval(
            redis,
            LEAVE_GATEWAY,
            List.of(keys.room(roomId), keys.userRooms(userId), keys.gateway(gatewayId)),
            List.of(userId, roomId, gatewayId, entry(roomId, userId)))
        .map(RedisMembershipStore::decode);
  }

  @Override
  public Future<Member> moveSession(
      String roomId, String userId, String sessionId, String gatewayId) {
    return RedisScripts.eval(
            redis,
            MOVE,
            List.of(keys.room(roomId), keys.gateway(gatewayId)),
            List.of(userId, sessionId, gatewayId, keys.prefix(), entry(roomId, userId)))
        .map(RedisMembershipStore::decode);
  }

  @Override
  public Future<Member> leaveHeld(
      String roomId, String userId, String sessionId, String gatewayId) {
    return RedisScripts.eval(
            redis,
            LEAVE_HELD,
            List.of(keys.room(roomId), keys.userRooms(userId), keys.gateway(gatewayId)),
            List.of(userId, roomId, sessionId, gatewayId, entry(roomId, userId)))
        .map(RedisMembershipStore::decode);
  }

  @Override
  public Future<List<Member>> onGateway(String gatewayId) {
    return RedisScripts.eval(
            redis, ON_GATEWAY, List.of(keys.gateway(gatewayId)), List.of(keys.prefix()))
        .map(
            r -> {
              List<Member> out = new ArrayList<>();
              if (r != null) {
                r.forEach(item -> out.add(decode(item)));
              }
              return out;
            });
  }

  private static String entry(String roomId, String userId) {
    return roomId + "\n" + userId;
  }

  @Override
  public Future<Member> member(String roomId, String userId) {
    return redis.hget(keys.room(roomId), userId).map(RedisMembershipStore::decode);
  }

  @Override
  public Future<List<Member>> members(String roomId) {
    return redis
        .hvals(keys.room(roomId))
        .map(
            r -> {
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
    return redis
        .smembers(keys.userRooms(userId))
        .map(
            r -> {
              Set<String> out = new HashSet<>();
              r.forEach(item -> out.add(item.toString()));
              return Set.copyOf(out);
            });
  }

  private static Member decode(Response r) {
    return r == null ? null : Json.fromString(r.toString(), Member.class);
  }
}
