package io.liveroom.infra.store;

import io.liveroom.infra.json.Json;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Room placements in Redis: {@code {room:<id>}:placement} holds the placement with a PX lease (SET
 * NX semantics in one script in the room's slot), {@code {placements}:node:<id>} indexes a node's
 * rooms and {@code {placements}:nodes} the nodes with rooms (one slot of their own). An index gains
 * a room before its placement and loses it after, so it is a superset that reads check: entries
 * whose placement lapsed or moved are dropped when read.
 */
public final class RedisPlacementStore implements PlacementStore {
  // KEYS: the room's placement. ARGV: json, lease. The node indexes are kept beside (another slot).
  private static final String PLACE =
      """
      local cur = redis.call('GET', KEYS[1])
      if cur then return cur end
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
      return ARGV[1]
      """;
  private static final String RENEW =
      """
      local cur = redis.call('GET', KEYS[1])
      if not cur or cjson.decode(cur)['nodeId'] ~= ARGV[1] then return 0 end
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return 1
      """;
  // KEYS: the room's placement. ARGV: nodeId.
  private static final String RELEASE =
      """
      local cur = redis.call('GET', KEYS[1])
      if not cur or cjson.decode(cur)['nodeId'] ~= ARGV[1] then return 0 end
      redis.call('DEL', KEYS[1])
      return 1
      """;
  // KEYS: the room's placement. ARGV: from, to, lease, now.
  private static final String MOVE =
      """
      local cur = redis.call('GET', KEYS[1])
      if not cur then return false end
      local p = cjson.decode(cur)
      if p['nodeId'] ~= ARGV[1] then return false end
      p['nodeId'] = ARGV[2]
      p['placedAt'] = tonumber(ARGV[4])
      p['moves'] = (p['moves'] or 0) + 1
      local moved = cjson.encode(p)
      redis.call('SET', KEYS[1], moved, 'PX', ARGV[3])
      return moved
      """;
  // KEYS: a node's index, the node set (one slot: {placements}). ARGV: nodeId, roomIds.
  private static final String INDEX_ADD =
      """
      for i = 2, #ARGV do redis.call('SADD', KEYS[1], ARGV[i]) end
      redis.call('SADD', KEYS[2], ARGV[1])
      return 1
      """;
  // KEYS: a node's index, the node set. ARGV: nodeId, roomIds. The node leaves the set with its
  // last room.
  private static final String INDEX_REMOVE =
      """
      for i = 2, #ARGV do redis.call('SREM', KEYS[1], ARGV[i]) end
      if redis.call('SCARD', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[1]) end
      return 1
      """;

  private final RedisAPI redis;
  private final Keys keys;

  /** This store's keys under the configured prefix. */
  public record Keys(String prefix) {
    String room(String roomId) {
      return RedisKeys.room(prefix, roomId, "placement");
    }

    String node(String nodeId) {
      return prefix + "{placements}:node:" + nodeId;
    }

    String nodes() {
      return prefix + "{placements}:nodes";
    }
  }

  public RedisPlacementStore(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    this.keys = new Keys(keyPrefix);
  }

  /**
   * The node's index gets the room first (indexes are a superset of the placements, checked when
   * read), then the placement is set in the room's slot; a room placed elsewhere leaves the index.
   */
  @Override
  public Future<RoomPlacement> place(String roomId, String nodeId, long leaseMs) {
    String json = Json.toString(new RoomPlacement(roomId, nodeId, System.currentTimeMillis(), 0));
    return index(INDEX_ADD, nodeId, List.of(roomId))
        .compose(
            x ->
                RedisScripts.eval(
                    redis, PLACE, List.of(keys.room(roomId)), List.of(json, lease(leaseMs))))
        .map(RedisPlacementStore::decode)
        .compose(
            p ->
                p.nodeId().equals(nodeId)
                    ? Future.succeededFuture(p)
                    : index(INDEX_REMOVE, nodeId, List.of(roomId)).map(p));
  }

  private Future<Response> index(String script, String nodeId, List<String> roomIds) {
    List<String> args = new ArrayList<>(1 + roomIds.size());
    args.add(nodeId);
    args.addAll(roomIds);
    return RedisScripts.eval(redis, script, List.of(keys.node(nodeId), keys.nodes()), args);
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
    return RedisScripts.eval(redis, RELEASE, List.of(keys.room(roomId)), List.of(nodeId))
        .compose(
            r ->
                r.toInteger() == 1
                    ? index(INDEX_REMOVE, nodeId, List.of(roomId)).map(true)
                    : Future.succeededFuture(false));
  }

  /**
   * Compare-and-set in the room's slot, between the target's index gaining the room before and the
   * source's index losing it after.
   */
  @Override
  public Future<RoomPlacement> move(
      String roomId, String fromNodeId, String toNodeId, long leaseMs) {
    return index(INDEX_ADD, toNodeId, List.of(roomId))
        .compose(
            x ->
                RedisScripts.eval(
                    redis,
                    MOVE,
                    List.of(keys.room(roomId)),
                    List.of(
                        fromNodeId,
                        toNodeId,
                        lease(leaseMs),
                        Long.toString(System.currentTimeMillis()))))
        .map(RedisPlacementStore::decode)
        .compose(
            moved -> {
              if (moved != null) {
                return fromNodeId.equals(toNodeId)
                    ? Future.succeededFuture(moved)
                    : index(INDEX_REMOVE, fromNodeId, List.of(roomId)).map(moved);
              }
              // not moved: the target keeps the room in its index only if it holds it
              return get(roomId)
                  .compose(
                      cur ->
                          cur != null && cur.nodeId().equals(toNodeId)
                              ? Future.succeededFuture((RoomPlacement) null)
                              : index(INDEX_REMOVE, toNodeId, List.of(roomId))
                                  .map((RoomPlacement) null));
            });
  }

  /** The node's index checked against each room's placement; entries that lapsed are dropped. */
  @Override
  public Future<List<RoomPlacement>> roomsOn(String nodeId) {
    return redis
        .smembers(keys.node(nodeId))
        .compose(
            members -> {
              List<String> rooms = new ArrayList<>();
              members.forEach(m -> rooms.add(m.toString()));
              List<Future<RoomPlacement>> reads = new ArrayList<>();
              rooms.forEach(room -> reads.add(get(room)));
              return Future.all(reads)
                  .compose(
                      all -> {
                        List<RoomPlacement> out = new ArrayList<>();
                        List<String> stale = new ArrayList<>();
                        for (int i = 0; i < rooms.size(); i++) {
                          RoomPlacement p = all.resultAt(i);
                          if (p != null && p.nodeId().equals(nodeId)) {
                            out.add(p);
                          } else {
                            stale.add(rooms.get(i));
                          }
                        }
                        out.sort(Comparator.comparing(RoomPlacement::roomId));
                        return stale.isEmpty() && !out.isEmpty()
                            ? Future.succeededFuture(out)
                            : index(INDEX_REMOVE, nodeId, stale).map(out);
                      });
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
