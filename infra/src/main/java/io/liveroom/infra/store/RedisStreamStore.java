package io.liveroom.infra.store;

import io.liveroom.infra.json.Json;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The stream registry in Redis. The hash {@code {room:<id>}:streams} holds each stream's record
 * (stream id -> JSON) in the room's slot, and every change of a stream is a script there. {@code
 * stream:{<id>}} claims the stream id deployment-wide (SET NX of the record as added) and says
 * which room holds it; it is written before the room's record and deleted after it.
 */
public final class RedisStreamStore implements StreamStore {
  // KEYS: the room's streams. ARGV: streamId, session check '1'/'0', sessionId.
  private static final String REMOVE =
      """
      local cur = redis.call('HGET', KEYS[1], ARGV[1])
      if not cur then return false end
      local s = cjson.decode(cur)
      if ARGV[2] == '1' and s['sessionId'] ~= ARGV[3] then return false end
      redis.call('HDEL', KEYS[1], ARGV[1])
      return cur
      """;
  // KEYS: the room's streams. ARGV: streamId, sessionId, extraInfo.
  private static final String SET_EXTRA =
      """
      local cur = redis.call('HGET', KEYS[1], ARGV[1])
      if not cur then return false end
      local s = cjson.decode(cur)
      if s['sessionId'] ~= ARGV[2] then return false end
      s['extraInfo'] = ARGV[3]
      local updated = cjson.encode(s)
      redis.call('HSET', KEYS[1], ARGV[1], updated)
      return updated
      """;
  // the owner checks of markPeerLive / removePeer: ARGV[2] node, ARGV[3] peer
  private static final String OWNED =
      """
      local cur = redis.call('HGET', KEYS[1], ARGV[1])
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
      redis.call('HSET', KEYS[1], ARGV[1], updated)
      return updated
      """;
  private static final String REMOVE_PEER =
      OWNED
          + """
      redis.call('HDEL', KEYS[1], ARGV[1])
      return cur
      """;
  private static final String REBIND =
      """
      local moved = 0
      for _, v in ipairs(redis.call('HVALS', KEYS[1])) do
        local s = cjson.decode(v)
        if s['sessionId'] == ARGV[1] then
          s['gatewayId'] = ARGV[2]
          redis.call('HSET', KEYS[1], s['streamId'], cjson.encode(s))
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
      return prefix + "stream:{" + streamId + "}";
    }

    String room(String roomId) {
      return RedisKeys.room(prefix, roomId, "streams");
    }
  }

  public RedisStreamStore(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    this.keys = new Keys(keyPrefix);
  }

  /**
   * Claims the id (SET NX), then records the stream in its room. A taken id answers with the
   * holder: its room's record, or the claim while the holder's add is still under way.
   */
  @Override
  public Future<StreamRecord> add(StreamRecord stream) {
    String json = Json.toString(stream);
    return redis
        .set(List.of(keys.stream(stream.streamId()), json, "NX"))
        .compose(
            claimed -> {
              if (claimed != null) {
                return redis
                    .hset(List.of(keys.room(stream.roomId()), stream.streamId(), json))
                    .map((StreamRecord) null);
              }
              return claim(stream.streamId())
                  .compose(
                      c ->
                          c == null
                              ? add(stream) // removed meanwhile: try again
                              : record(c).map(r -> r != null ? r : c));
            });
  }

  /** The record an id's claim names, as added (its room and first state). */
  private Future<StreamRecord> claim(String streamId) {
    return redis.get(keys.stream(streamId)).map(RedisStreamStore::decode);
  }

  /** The current record of a claimed stream, from its room. */
  private Future<StreamRecord> record(StreamRecord claim) {
    return redis.hget(keys.room(claim.roomId()), claim.streamId()).map(RedisStreamStore::decode);
  }

  /** Runs {@code script} on the stream's record in its room; the claim goes when it removed it. */
  private Future<StreamRecord> inRoomOf(
      String streamId, String script, List<String> args, boolean removes) {
    return claim(streamId)
        .compose(
            c -> {
              if (c == null) {
                return Future.succeededFuture(null);
              }
              List<String> argv = new ArrayList<>(1 + args.size());
              argv.add(streamId);
              argv.addAll(args);
              return RedisScripts.eval(redis, script, List.of(keys.room(c.roomId())), argv)
                  .map(RedisStreamStore::decode)
                  .compose(
                      r ->
                          r != null && removes
                              ? redis.del(List.of(keys.stream(streamId))).map(r)
                              : Future.succeededFuture(r));
            });
  }

  @Override
  public Future<StreamRecord> remove(String streamId, String sessionId) {
    return inRoomOf(
        streamId,
        REMOVE,
        List.of(sessionId == null ? "0" : "1", sessionId == null ? "" : sessionId),
        true);
  }

  @Override
  public Future<StreamRecord> get(String streamId) {
    return claim(streamId).compose(c -> c == null ? Future.succeededFuture(null) : record(c));
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
    return inRoomOf(streamId, SET_EXTRA, List.of(sessionId, extraInfo), false);
  }

  @Override
  public Future<StreamRecord> markPeerLive(String streamId, String nodeId, String peerId) {
    return owned(MARK_PEER_LIVE, streamId, nodeId, peerId, false);
  }

  @Override
  public Future<StreamRecord> removePeer(String streamId, String nodeId, String peerId) {
    return owned(REMOVE_PEER, streamId, nodeId, peerId, true);
  }

  private Future<StreamRecord> owned(
      String script, String streamId, String nodeId, String peerId, boolean removes) {
    if (nodeId == null
        || peerId == null) { // nothing is owned by no peer (and List.of rejects null)
      return Future.succeededFuture(null);
    }
    return inRoomOf(streamId, script, List.of(nodeId, peerId), removes);
  }

  @Override
  public Future<Integer> rebind(String roomId, String sessionId, String gatewayId) {
    return RedisScripts.eval(
            redis, REBIND, List.of(keys.room(roomId)), List.of(sessionId, gatewayId))
        .map(Response::toInteger);
  }

  private static StreamRecord decode(Response r) {
    return r == null ? null : Json.fromString(r.toString(), StreamRecord.class);
  }
}
