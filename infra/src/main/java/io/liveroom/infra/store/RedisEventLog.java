package io.liveroom.infra.store;

import io.liveroom.infra.contracts.EventPayload;
import io.liveroom.infra.contracts.LiveEvent;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The event log in a Redis Stream. One Lua script appends a batch: it takes each seq with INCR on
 * the counter key and XADDs the event under stream id {@code <seq>-0} (capped with {@code MAXLEN ~
 * retentionCount}) in the same atomic step, so seqs have no gaps and the stream's order is the seq
 * order; it then drops up to 16 entries older than {@code retentionMs} from the head. The counter
 * never goes below the stream's last id nor below this instance's high-water mark (the highest seq
 * it appended or read), and a missing counter (Redis lost its data) restarts at {@link
 * EventLog#floor}. All keys share the {@code {events}} hash tag (one Redis Cluster slot).
 */
public final class RedisEventLog implements EventLog {
  // KEYS: stream, counter, prefix of the per-room session sets, set of the rooms with sessions.
  // ARGV: floor, maxlen, cutoff ms, n,
  // high-water,
  // then per draft (room, delta, time, json, created json, closed json, session, user, user name,
  // id for a
  // derived leave). Per room a hash userID -> "sessionID\nuserName" of the sessions the log has in
  // it.
  private static final String APPEND =
      """
      local function num(s) return tonumber(s) end
      local cur = redis.call('GET', KEYS[2])
      local base = cur and num(cur) or num(ARGV[1])
      if num(ARGV[5]) > base then base = num(ARGV[5]) end
      local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
      if last[1] then
        local l = num(string.match(last[1][1], '^(%d+)'))
        if l > base then base = l end
      end
      if not cur or base ~= num(cur) then redis.call('SET', KEYS[2], string.format('%.0f', base)) end
      local out = {}
      local function add(t, json)
        local s = redis.call('INCR', KEYS[2])
        redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], string.format('%.0f', s) .. '-0', 't', t, 'd', json)
        out[#out + 1] = string.format('%.0f', s)
        out[#out + 1] = json
      end
      local n = num(ARGV[4])
      for i = 0, n - 1 do
        local b = 6 + i * 10
        local room, delta, t = ARGV[b], ARGV[b + 1], ARGV[b + 2]
        local h = KEYS[3] .. room
        local user, session = ARGV[b + 7], ARGV[b + 6]
        if delta == '1' then
          redis.call('SADD', KEYS[4], room)
          local prev = redis.call('HGET', h, user)
          local ps, pn
          if prev then ps, pn = string.match(prev, '^([^\\n]*)\\n(.*)$') end
          if ps ~= session then
            if redis.call('HLEN', h) == 0 then add(t, ARGV[b + 4]) end
            redis.call('HSET', h, user, session .. '\\n' .. ARGV[b + 8])
            add(t, ARGV[b + 3])
            if prev then
              add(t, cjson.encode({seq = 0, id = ARGV[b + 9], time = tonumber(t), type = 'user.left', roomID = room,
                userID = user, userName = pn, sessionID = ps, reason = 'duplicate_login'}))
            end
          end
        elseif delta == '-1' then
          local cur = redis.call('HGET', h, user)
          if cur and string.match(cur, '^([^\\n]*)\\n') == session then
            redis.call('HDEL', h, user)
            add(t, ARGV[b + 3])
            if redis.call('HLEN', h) == 0 then
              redis.call('SREM', KEYS[4], room)
              add(t, ARGV[b + 5])
            end
          end
        else
          add(t, ARGV[b + 3])
        end
      end
      local cutoff = num(ARGV[3])
      local old = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 16)
      for _, e in ipairs(old) do
        if num(e[2][2]) < cutoff then redis.call('XDEL', KEYS[1], e[1]) else break end
      end
      return out
      """;
  // KEYS: the set of rooms with sessions. ARGV: prefix of the per-room session hashes. Yields room,
  // userID, "sessionID\nuserName" triples.
  private static final String OPEN =
      """
      local out = {}
      for _, room in ipairs(redis.call('SMEMBERS', KEYS[1])) do
        local h = redis.call('HGETALL', ARGV[1] .. room)
        for i = 1, #h, 2 do
          out[#out + 1] = room
          out[#out + 1] = h[i]
          out[#out + 1] = h[i + 1]
        end
      end
      return out
      """;
  private final RedisAPI redis;
  private final String stream;
  private final String counter;
  private final String rooms;
  private final String roomIndex;
  private final int retentionCount;
  private final long retentionMs;
  private final LongSupplier clock;
  private final AtomicLong highWater = new AtomicLong();

  public RedisEventLog(
      RedisAPI redis, String keyPrefix, int retentionCount, long retentionMs, LongSupplier clock) {
    this.redis = redis;
    this.stream = keyPrefix + "{events}:log";
    this.counter = keyPrefix + "{events}:seq";
    this.rooms = keyPrefix + "{events}:room:";
    this.roomIndex = keyPrefix + "{events}:rooms";
    this.retentionCount = retentionCount;
    this.retentionMs = retentionMs;
    this.clock = clock;
  }

  /** The highest seq this instance appended or read. */
  public long highWater() {
    return highWater.get();
  }

  @Override
  public Future<List<LiveEvent>> append(List<LiveEvent> drafts) {
    if (drafts.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    long now = clock.getAsLong();
    List<String> args =
        new ArrayList<>(
            List.of(
                APPEND,
                "4",
                stream,
                counter,
                rooms,
                roomIndex,
                Long.toString(EventLog.floor(highWater.get(), now)),
                Integer.toString(retentionCount),
                Long.toString(now - retentionMs),
                Integer.toString(drafts.size()),
                Long.toString(highWater.get())));
    for (LiveEvent d : drafts) {
      int delta = EventLog.memberDelta(d);
      args.add(d.roomID());
      args.add(Integer.toString(delta));
      args.add(Long.toString(d.time()));
      args.add(d.toJsonString());
      args.add(delta > 0 ? EventLog.created(d).toJsonString() : "");
      args.add(delta < 0 ? EventLog.closed(d).toJsonString() : "");
      String session = EventLog.session(d);
      args.add(session == null ? "" : session);
      String user = EventLog.user(d);
      args.add(user == null ? "" : user);
      args.add(
          d.payload() instanceof EventPayload.UserJoined j && j.userName() != null
              ? j.userName()
              : "");
      args.add(UUID.randomUUID().toString());
    }
    return redis
        .eval(args)
        .map(
            r -> {
              List<LiveEvent> out = new ArrayList<>(r.size() / 2);
              for (int i = 0; i + 1 < r.size(); i += 2) {
                out.add(
                    LiveEvent.fromJson(r.get(i + 1).toString())
                        .withSeq(Long.parseLong(r.get(i).toString())));
              }
              if (!out.isEmpty()) {
                highWater.accumulateAndGet(out.get(out.size() - 1).seq(), Math::max);
              }
              return out;
            });
  }

  @Override
  public Future<Map<String, List<OpenSession>>> openSessions() {
    return redis
        .eval(List.of(OPEN, "1", roomIndex, rooms))
        .map(
            r -> {
              Map<String, List<OpenSession>> out = new HashMap<>();
              for (int i = 0; i + 2 < r.size(); i += 3) {
                String value = r.get(i + 2).toString();
                int nl = value.indexOf('\n');
                out.computeIfAbsent(r.get(i).toString(), k -> new ArrayList<>())
                    .add(
                        new OpenSession(
                            r.get(i + 1).toString(),
                            nl < 0 ? value : value.substring(0, nl),
                            nl < 0 ? "" : value.substring(nl + 1)));
              }
              return out;
            });
  }

  @Override
  public Future<EventPage> read(long after, int limit, String roomId) {
    int chunk = Math.max(1, Math.min(limit, 1000));
    int budget = roomId == null ? limit : Math.max(limit, limit * ROOM_SCAN_FACTOR);
    return redis
        .xrange(List.of(stream, "-", "+", "COUNT", "1"))
        .compose(
            first ->
                redis
                    .get(counter)
                    .map(
                        c -> {
                          long last = c == null ? 0 : c.toLong();
                          long oldest = first.size() == 0 ? last + 1 : seq(first.get(0));
                          return new long[] {oldest, last};
                        }))
        .compose(
            bounds ->
                scan(
                        Math.max(after, bounds[0] - 1),
                        limit,
                        roomId,
                        chunk,
                        budget,
                        new ArrayList<>())
                    .map(
                        scan -> {
                          highWater.accumulateAndGet(bounds[1], Math::max);
                          long next =
                              scan.exhausted() && roomId != null
                                  ? Math.max(scan.next(), bounds[1])
                                  : scan.next();
                          return new EventPage(scan.events(), bounds[0], bounds[1], next);
                        }));
  }

  private record Scan(List<LiveEvent> events, long next, boolean exhausted) {}

  private Future<Scan> scan(
      long after, int limit, String roomId, int chunk, int budget, List<LiveEvent> out) {
    return redis
        .xrange(
            List.of(
                stream,
                "(" + after + "-0",
                "+",
                "COUNT",
                Integer.toString(Math.min(chunk, budget))))
        .compose(
            entries -> {
              long next = after;
              for (Response e : entries) {
                next = seq(e);
                LiveEvent event = LiveEvent.fromJson(e.get(1).get(3).toString()).withSeq(next);
                if (roomId == null || roomId.equals(event.roomID())) {
                  out.add(event);
                  if (out.size() == limit) {
                    return Future.succeededFuture(new Scan(out, next, false));
                  }
                }
              }
              int left = budget - entries.size();
              if (entries.size() < Math.min(chunk, budget)) {
                return Future.succeededFuture(new Scan(out, next, true));
              }
              if (left <= 0) {
                return Future.succeededFuture(new Scan(out, next, false));
              }
              return scan(next, limit, roomId, chunk, left, out);
            });
  }

  private static long seq(Response entry) {
    String id = entry.get(0).toString();
    return Long.parseLong(id.substring(0, id.indexOf('-')));
  }
}
