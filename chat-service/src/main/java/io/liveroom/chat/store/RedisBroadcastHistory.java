package io.liveroom.chat.store;

import io.liveroom.infra.contracts.ChatData;
import io.liveroom.infra.contracts.MessagesPage;
import io.liveroom.infra.contracts.RoomUser;
import io.liveroom.infra.json.Json;
import io.liveroom.infra.store.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Broadcast history in Redis, shared by every chat-service instance. Per room: a counter (INCR),
 * the sequence's first number, and a sorted set of ChatData JSON scored by sequence number. Append
 * runs as one Lua script (INCR, or start a sequence; ZADD, trim by count and age, refresh the
 * TTLs), so the sequence is gap-free and history is in sequence order. Every key carries the room
 * as hash tag: one slot in Redis Cluster. The keys expire with the history: a sequence that starts
 * again starts above the old one ({@link BroadcastHistory#firstOfSequence}).
 */
public final class RedisBroadcastHistory implements BroadcastHistory {
  /**
   * Trims the set in KEYS[2] to ARGV[2] entries, then drops entries sent before ARGV[3] from its
   * head.
   */
  private static final String TRIM =
      """
      local function trim(key, maxCount, cutoff)
        local n = redis.call('ZCARD', key)
        if n > maxCount then redis.call('ZREMRANGEBYRANK', key, 0, n - maxCount - 1) end
        while true do
          local head = redis.call('ZRANGE', key, 0, 63)
          if #head == 0 then return end
          local keep = 0
          for i = 1, #head do
            if cjson.decode(head[i]).sendTime >= cutoff then keep = i break end
          end
          if keep == 1 then return end
          if keep > 1 then redis.call('ZREMRANGEBYRANK', key, 0, keep - 2) return end
          redis.call('ZREMRANGEBYRANK', key, 0, #head - 1)
        end
      end
      """;

  // KEYS: seq, history, first. ARGV: entry, maxCount, cutoff, ttl, the first number of a new
  // sequence.
  private static final String APPEND =
      TRIM
          + """
      local seq
      if redis.call('EXISTS', KEYS[1]) == 1 then
        seq = redis.call('INCR', KEYS[1])
      else
        seq = tonumber(ARGV[5])
        redis.call('SET', KEYS[1], ARGV[5])
        redis.call('SET', KEYS[3], ARGV[5])
      end
      local item = '{"messageId":' .. string.format('%d', seq) .. ',' .. string.sub(ARGV[1], 2)
      redis.call('ZADD', KEYS[2], seq, item)
      trim(KEYS[2], tonumber(ARGV[2]), tonumber(ARGV[3]))
      for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[4]) end
      return item
      """;
  private static final String AFTER =
      TRIM
          + """
      trim(KEYS[2], tonumber(ARGV[3]), tonumber(ARGV[4]))
      local last = tonumber(redis.call('GET', KEYS[1]) or '0')
      local first = tonumber(redis.call('GET', KEYS[3]) or '0')
      local items = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf', 'LIMIT', 0, tonumber(ARGV[2]))
      local head = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
      local oldest = last + 1
      if #head > 0 then oldest = tonumber(head[2]) end
      return {string.format('%d', last), string.format('%d', oldest), items, string.format('%d', first)}
      """;

  private final RedisAPI redis;
  private final Keys keys;
  private final int maxCount;
  private final long maxAgeMs;

  /** The Redis keys of this store, under the configured prefix. */
  public record Keys(String prefix) {
    public String seq(String roomId) {
      return RedisKeys.room(prefix, roomId, "chat:seq");
    }

    public String history(String roomId) {
      return RedisKeys.room(prefix, roomId, "chat:history");
    }

    /** The first number of the room's current sequence. */
    public String first(String roomId) {
      return RedisKeys.room(prefix, roomId, "chat:first");
    }
  }

  /** What a history entry holds besides its sequence number, which the script prepends. */
  private record Entry(RoomUser fromUser, long sendTime, String message) {}

  public RedisBroadcastHistory(RedisAPI redis, String keyPrefix, int maxCount, long maxAgeMs) {
    this.redis = redis;
    this.keys = new Keys(keyPrefix);
    this.maxCount = maxCount;
    this.maxAgeMs = maxAgeMs;
  }

  @Override
  public Future<ChatData> append(String roomId, RoomUser fromUser, String message, long sendTime) {
    String entry = Json.toString(new Entry(fromUser, sendTime, message));
    return redis
        .eval(
            List.of(
                APPEND,
                "3",
                keys.seq(roomId),
                keys.history(roomId),
                keys.first(roomId),
                entry,
                Integer.toString(maxCount),
                Long.toString(sendTime - maxAgeMs),
                Long.toString(maxAgeMs),
                Long.toString(BroadcastHistory.firstOfSequence(sendTime))))
        .map(r -> decode(r));
  }

  @Override
  public Future<MessagesPage> after(String roomId, long afterSeq, int limit, long now) {
    return redis
        .eval(
            List.of(
                AFTER,
                "3",
                keys.seq(roomId),
                keys.history(roomId),
                keys.first(roomId),
                Long.toString(afterSeq),
                Integer.toString(limit),
                Integer.toString(maxCount),
                Long.toString(now - maxAgeMs)))
        .map(
            r -> {
              List<ChatData> items = new ArrayList<>(r.get(2).size());
              r.get(2).forEach(item -> items.add(decode(item)));
              return new MessagesPage(
                  roomId, items, r.get(0).toLong(), r.get(1).toLong(), r.get(3).toLong());
            });
  }

  private static ChatData decode(Response r) {
    return Json.fromString(r.toString(), ChatData.class);
  }
}
