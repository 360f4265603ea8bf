package io.liveroom.infra.store;

import io.liveroom.infra.json.Json;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The stream registry in Redis: {@code stream:{id}} holds the stream (SET NX makes streamIDs unique
 * deployment-wide) and a hash per room lists its streams. Every change is one Lua script.
 */
public final class RedisStreamStore implements StreamStore {
  private static final String ADD =
      """
      local cur = redis.call('GET', KEYS[1])
      if cur then return cur end
      redis.call('SET', KEYS[1], ARGV[2])
      redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
      return false
      """;
  private static final String REMOVE =
      """
      local cur = redis.call('GET', KEYS[1])
      if not cur then return false end
      local s = cjson.decode(cur)
      if ARGV[2] == '1' and s['sessionId'] ~= ARGV[3] then return false end
      redis.call('DEL', KEYS[1])
      redis.call('HDEL', KEYS[2] .. s['roomId'] .. '}:streams', ARGV[1])
      return cur
      """;
  private static final String SET_EXTRA =
      """
      local cur = redis.call('GET', KEYS[1])
      if not cur then return false end
      local s = cjson.decode(cur)
      if s['sessionId'] ~= ARGV[2] then return false end
      s['extraInfo'] = ARGV[3]
      local updated = cjson.encode(s)
      redis.call('SET', KEYS[1], updated)
      redis.call('HSET', KEYS[2] .. s['roomId'] .. '}:streams', ARGV[1], updated)
      return updated
      """;
  // the owner checks of markPeerLive / removePeer: ARGV[2] node, ARGV[3] peer
  private static final String OWNED =
      """
      local cur = redis.call('GET', KEYS[1])
      if not cur then return false end
      local s = cjson.decode(cur)
      if s['nodeId'] ~= ARGV[2] or s['peerId'] ~= ARGV[3] then return false end
      """;
  private static final String MARK_PEER_LIVE =
      OWNED
          + """
      if s['live'] then return false end
      s['live'] = true
      local updated = cjson.encode(s)
      redis.call('SET', KEYS[1], updated)
      redis.call('HSET', KEYS[2] .. s['roomId'] .. '}:streams', ARGV[1], updated)
      return updated
      """;
  private static final String REMOVE_PEER =
      OWNED
          + """
      redis.call('DEL', KEYS[1])
      redis.call('HDEL', KEYS[2] .. s['roomId'] .. '}:streams', ARGV[1])
      return cur
      """;
  private static final String REBIND =
      """
      local moved = 0
      for _, v in ipairs(redis.call('HVALS', KEYS[1])) do
        local s = cjson.decode(v)
        if s['sessionId'] == ARGV[1] then
          s['gatewayId'] = ARGV[2]
          local updated = cjson.encode(s)
          redis.call('SET', ARGV[3] .. s['streamId'] .. '}', updated)
          redis.call('HSET', KEYS[1], s['streamId'], updated)
          moved = moved + 1
        end
      end
      return moved
      """;

  private final RedisAPI redis;
  private final Keys keys;

  /** This store's keys under the configured prefix. */
  public record Keys(String prefix) {
    String stream(String streamId) {
      return streamPrefix() + streamId + "}";
    }

    String streamPrefix() {
      return prefix + "stream:{";
    }

    String room(String roomId) {
      return roomPrefix() + roomId + "}:streams";
    }

    String roomPrefix() {
      return prefix + "room:{";
    }
  }

  public RedisStreamStore(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    this.keys = new Keys(keyPrefix);
  }

  @Override
  public Future<StreamRecord> add(StreamRecord stream) {
    return redis
        .eval(
            List.of(
                ADD,
                "2",
                keys.stream(stream.streamId()),
                keys.room(stream.roomId()),
                stream.streamId(),
                Json.toString(stream)))
        .map(RedisStreamStore::decode);
  }

  @Override
  public Future<StreamRecord> remove(String streamId, String sessionId) {
    return redis
        .eval(
            List.of(
                REMOVE,
                "2",
                keys.stream(streamId),
                keys.roomPrefix(),
                streamId,
                sessionId == null ? "0" : "1",
                sessionId == null ? "" : sessionId))
        .map(RedisStreamStore::decode);
  }

  @Override
  public Future<StreamRecord> get(String streamId) {
    return redis.get(keys.stream(streamId)).map(RedisStreamStore::decode);
  }

  @Override
  public Future<List<StreamRecord>> inRoom(String roomId) {
    return redis
        .hvals(keys.room(roomId))
        .map(
            r -> {
              List<StreamRecord> out = new ArrayList<>();
              r.forEach(item -> out.add(decode(item)));
              out.sort(Comparator.comparing(StreamRecord::streamId));
              return out;
            });
  }

  @Override
  public Future<StreamRecord> setExtraInfo(String streamId, String sessionId, String extraInfo) {
    if (sessionId == null) { // no session holds a stream (and List.of rejects null)
      return Future.succeededFuture(null);
    }
    return redis
        .eval(
            List.of(
                SET_EXTRA,
                "2",
                keys.stream(streamId),
                keys.roomPrefix(),
                streamId,
                sessionId,
                extraInfo))
        .map(RedisStreamStore::decode);
  }

  @Override
  public Future<StreamRecord> markPeerLive(String streamId, String nodeId, String peerId) {
    return owned(MARK_PEER_LIVE, streamId, nodeId, peerId);
  }

  @Override
  public Future<StreamRecord> removePeer(String streamId, String nodeId, String peerId) {
    return owned(REMOVE_PEER, streamId, nodeId, peerId);
  }

  private Future<StreamRecord> owned(String script, String streamId, String nodeId, String peerId) {
    if (nodeId == null
        || peerId == null) { // nothing is owned by no peer (and List.of rejects null)
      return Future.succeededFuture(null);
    }
    return redis
        .eval(
            List.of(
                script, "2", keys.stream(streamId), keys.roomPrefix(), streamId, nodeId, peerId))
        .map(RedisStreamStore::decode);
  }

  @Override
  public Future<Integer> rebind(String roomId, String sessionId, String gatewayId) {
    return redis
        .eval(List.of(REBIND, "1", keys.room(roomId), sessionId, gatewayId, keys.streamPrefix()))
        .map(Response::toInteger);
  }

  private static StreamRecord decode(Response r) {
    return r == null ? null : Json.fromString(r.toString(), StreamRecord.class);
  }
}
