package io.liveroom.infra.store;

import io.liveroom.infra.json.Json;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Membership in Redis, shared by every room-service instance. A room is a hash userId -> member
 * JSON under the room's hash tag; every change of it (the cap check, a replacement, a compare on
 * session or gateway) is one Lua script in the room's slot, so it is atomic per room on a Redis
 * Cluster too. Two indexes live in other slots: a user's rooms and a gateway's "roomId\nuserId"
 * entries. They are kept beside the room's scripts as supersets (an entry is added before the
 * membership and removed after it) and reads check them against the rooms, so an instance dying
 * between the two leaves a stale entry, never a missing one.
 */
public final class RedisMembershipStore implements MembershipStore {
  // KEYS: room. ARGV: userId, member JSON, cap.
  private static final String JOIN =
      """
      local cur = redis.call('HGET', KEYS[1], ARGV[1])
      if not cur then
        local cap = tonumber(ARGV[3])
        if cap > 0 and redis.call('HLEN', KEYS[1]) >= cap then return {'FULL'} end
      end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      if cur then return {'REPLACED', cur} end
      return {'JOINED'}
      """;
  // KEYS: room. ARGV: userId, member JSON, sessionId. Another session's membership stays and is
  // returned; otherwise the member is (re)written (and the one it replaced returned).
  private static final String RESTORE =
      """
      local cur = redis.call('HGET', KEYS[1], ARGV[1])
      if cur and cjson.decode(cur)['sessionId'] ~= ARGV[3] then return {'OTHER', cur} end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      if cur then return {'OK', cur} end
      return {'OK'}
      """;
  // KEYS: room. ARGV: userId, '1' to check the session, sessionId.
  private static final String LEAVE =
      """
      local cur = redis.call('HGET', KEYS[1], ARGV[1])
      if not cur then return false end
      if ARGV[2] == '1' and cjson.decode(cur)['sessionId'] ~= ARGV[3] then return false end
      redis.call('HDEL', KEYS[1], ARGV[1])
      return cur
      """;
  // KEYS: room. ARGV: userId, gatewayId.
  private static final String LEAVE_GATEWAY =
      """
      local cur = redis.call('HGET', KEYS[1], ARGV[1])
      if not cur or cjson.decode(cur)['gatewayId'] ~= ARGV[2] then return false end
      redis.call('HDEL', KEYS[1], ARGV[1])
      return cur
      """;
  // KEYS: room. ARGV: userId, sessionId, gatewayId. The member keeps everything but its gateway;
  // {'NO', current or nothing} when another session (or none) holds it.
  private static final String MOVE =
      """
      local cur = redis.call('HGET', KEYS[1], ARGV[1])
      if not cur then return {'NO'} end
      local m = cjson.decode(cur)
      if m['sessionId'] ~= ARGV[2] then return {'NO', cur} end
      m['gatewayId'] = ARGV[3]
      local moved = cjson.encode(m)
      redis.call('HSET', KEYS[1], ARGV[1], moved)
      return {'MOVED', moved, cur}
      """;
  // KEYS: room. ARGV: userId, sessionId, gatewayId.
  private static final String LEAVE_HELD =
      """
      local cur = redis.call('HGET', KEYS[1], ARGV[1])
      if not cur then return false end
      local m = cjson.decode(cur)
      if m['sessionId'] ~= ARGV[2] or m['gatewayId'] ~= ARGV[3] then return false end
      redis.call('HDEL', KEYS[1], ARGV[1])
      return cur
      """;

  private final RedisAPI redis;
  private final Keys keys;

  /** The Redis keys of this store, under the configured prefix. */
  public record Keys(String prefix) {
    public String room(String roomId) {
      return RedisKeys.room(prefix, roomId, "members");
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

  private Future<Void> indexAdd(String roomId, String userId, String gatewayId) {
    return Future.all(
            redis.sadd(List.of(keys.userRooms(userId), roomId)),
            redis.sadd(List.of(keys.gateway(gatewayId), entry(roomId, userId))))
        .mapEmpty();
  }

  private Future<Void> userRoomRemove(String roomId, String userId) {
    return redis.srem(List.of(keys.userRooms(userId), roomId)).mapEmpty();
  }

  /** Drops the gateway's entry (none when {@code gatewayId} is null). */
  private Future<Void> gatewayRemove(String gatewayId, String roomId, String userId) {
    return gatewayId == null
        ? Future.succeededFuture()
        : redis.srem(List.of(keys.gateway(gatewayId), entry(roomId, userId))).mapEmpty();
  }

  /** The indexes of a membership that is gone: the user's room and the gateway's entry. */
  private Future<Member> removed(Member m) {
    if (m == null) {
      return Future.succeededFuture(null);
    }
    return Future.all(
            userRoomRemove(m.roomId(), m.userId()),
            gatewayRemove(m.gatewayId(), m.roomId(), m.userId()))
        .map(m);
  }

  @Override
  public Future<JoinResult> join(Member member, int maxMembers) {
    String roomId = member.roomId();
    String userId = member.userId();
    return indexAdd(roomId, userId, member.gatewayId())
        .compose(
            x ->
                RedisScripts.eval(
                    redis,
                    JOIN,
                    List.of(keys.room(roomId)),
                    List.of(
                        userId, Json.toString(member), Integer.toString(Math.max(0, maxMembers)))))
        .compose(
            r ->
                switch (r.get(0).toString()) {
                  case "FULL" ->
                      Future.all(
                              userRoomRemove(roomId, userId),
                              gatewayRemove(member.gatewayId(), roomId, userId))
                          .map(JoinResult.full());
                  case "REPLACED" -> {
                    Member old = decode(r.get(1));
                    yield (Objects.equals(old.gatewayId(), member.gatewayId())
                            ? Future.<Void>succeededFuture()
                            : gatewayRemove(old.gatewayId(), roomId, userId))
                        .map(JoinResult.replaced(old));
                  }
                  default -> Future.succeededFuture(JoinResult.joined());
                });
  }

  @Override
  public Future<Member> leave(String roomId, String userId, String sessionId) {
    return RedisScripts.eval(
            redis,
            LEAVE,
            List.of(keys.room(roomId)),
            List.of(userId, sessionId == null ? "0" : "1", sessionId == null ? "" : sessionId))
        .map(RedisMembershipStore::decode)
        .compose(this::removed);
  }

  @Override
  public Future<Member> restore(Member member) {
    String roomId = member.roomId();
    String userId = member.userId();
    return indexAdd(roomId, userId, member.gatewayId())
        .compose(
            x ->
                RedisScripts.eval(
                    redis,
                    RESTORE,
                    List.of(keys.room(roomId)),
                    List.of(userId, Json.toString(member), member.sessionId())))
        .compose(
            r -> {
              Member cur = r.size() > 1 ? decode(r.get(1)) : null;
              if ("OTHER".equals(r.get(0).toString())) {
                // the other session's membership keeps the user's room; its gateway keeps its entry
                return (Objects.equals(cur.gatewayId(), member.gatewayId())
                        ? Future.<Void>succeededFuture()
                        : gatewayRemove(member.gatewayId(), roomId, userId))
                    .map(cur);
              }
              return (cur == null || Objects.equals(cur.gatewayId(), member.gatewayId())
                      ? Future.<Void>succeededFuture()
                      : gatewayRemove(cur.gatewayId(), roomId, userId))
                  .map((Member) null);
            });
  }

  @Override
  public Future<Member> leaveGateway(String roomId, String userId, String gatewayId) {
    return RedisScripts.eval(
            redis, LEAVE_GATEWAY, List.of(keys.room(roomId)), List.of(userId, gatewayId))
        .map(RedisMembershipStore::decode)
        .compose(
            m ->
                m != null
                    ? removed(m)
                    : gatewayRemove(gatewayId, roomId, userId).map((Member) null));
  }

  @Override
  public Future<Member> moveSession(
      String roomId, String userId, String sessionId, String gatewayId) {
    return redis
        .sadd(List.of(keys.gateway(gatewayId), entry(roomId, userId)))
        .compose(
            x ->
                RedisScripts.eval(
                    redis, MOVE, List.of(keys.room(roomId)), List.of(userId, sessionId, gatewayId)))
        .compose(
            r -> {
              if ("MOVED".equals(r.get(0).toString())) {
                Member moved = decode(r.get(1));
                Member before = decode(r.get(2));
                return (Objects.equals(before.gatewayId(), gatewayId)
                        ? Future.<Void>succeededFuture()
                        : gatewayRemove(before.gatewayId(), roomId, userId))
                    .map(moved);
              }
              Member holder = r.size() > 1 ? decode(r.get(1)) : null;
              return (holder != null && gatewayId.equals(holder.gatewayId())
                      ? Future.<Void>succeededFuture()
                      : gatewayRemove(gatewayId, roomId, userId))
                  .map((Member) null);
            });
  }

  @Override
  public Future<Member> leaveHeld(
      String roomId, String userId, String sessionId, String gatewayId) {
    return RedisScripts.eval(
            redis, LEAVE_HELD, List.of(keys.room(roomId)), List.of(userId, sessionId, gatewayId))
        .map(RedisMembershipStore::decode)
        .compose(this::removed);
  }

  /**
   * The gateway's index read against the rooms (one HMGET per room): entries whose membership is
   * gone or held through another gateway are left out.
   */
  @Override
  public Future<List<Member>> onGateway(String gatewayId) {
    return redis
        .smembers(keys.gateway(gatewayId))
        .compose(
            entries -> {
              Map<String, List<String>> byRoom = new LinkedHashMap<>();
              entries.forEach(
                  e -> {
                    String s = e.toString();
                    int nl = s.indexOf('\n');
                    if (nl > 0) {
                      byRoom
                          .computeIfAbsent(s.substring(0, nl), k -> new ArrayList<>())
                          .add(s.substring(nl + 1));
                    }
                  });
              List<Future<Response>> reads = new ArrayList<>();
              byRoom.forEach(
                  (room, users) -> {
                    List<String> args = new ArrayList<>(1 + users.size());
                    args.add(keys.room(room));
                    args.addAll(users);
                    reads.add(redis.hmget(args));
                  });
              return Future.all(reads)
                  .map(
                      all -> {
                        List<Member> out = new ArrayList<>();
                        for (int i = 0; i < reads.size(); i++) {
                          Response r = all.resultAt(i);
                          if (r == null) {
                            continue;
                          }
                          r.forEach(
                              item -> {
                                Member m = decode(item);
                                if (m != null && gatewayId.equals(m.gatewayId())) {
                                  out.add(m);
                                }
                              });
                        }
                        return out;
                      });
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

  /** The user's index read against the rooms: a room the user is not in (any more) is left out. */
  @Override
  public Future<Set<String>> roomsOf(String userId) {
    return redis
        .smembers(keys.userRooms(userId))
        .compose(
            r -> {
              List<String> rooms = new ArrayList<>();
              r.forEach(item -> rooms.add(item.toString()));
              List<Future<Response>> checks = new ArrayList<>();
              rooms.forEach(room -> checks.add(redis.hexists(keys.room(room), userId)));
              return Future.all(checks)
                  .map(
                      all -> {
                        Set<String> out = new HashSet<>();
                        for (int i = 0; i < rooms.size(); i++) {
                          Response e = all.resultAt(i);
                          if (e != null && e.toInteger() == 1) {
                            out.add(rooms.get(i));
                          }
                        }
                        return Set.copyOf(out);
                      });
            });
  }

  private static Member decode(Response r) {
    return r == null ? null : Json.fromString(r.toString(), Member.class);
  }
}
