package io.liveroom.presence.store;

import io.liveroom.infra.contracts.GatewayExpired;
import io.liveroom.infra.contracts.GatewayLease;
import io.liveroom.infra.json.Json;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Leases in Redis, shared by every presence-service instance. A hash holds each gateway's latest
 * report, a sorted set its deadline in Redis server time (one clock for every instance). Each
 * operation is one Lua script: a report writes both keys; the expiry claim removes the expired
 * gateways from both and returns them, so exactly one caller gets each. Every key carries the hash
 * tag {@code {presence}}: the scripts stay in one slot on a Redis Cluster.
 */
public final class RedisLeaseStore implements LeaseStore {
  private static final String NOW =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      """;
  private static final String REPORT =
      NOW
          + """
      local held = redis.call('ZSCORE', KEYS[2], ARGV[1])
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      redis.call('ZADD', KEYS[2], string.format('%.0f', now + tonumber(ARGV[3])), ARGV[1])
      if held then return 1 end
      return 0
      """;
  private static final String LIVE =
      NOW
          + """
      local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. string.format('%.0f', now), '+inf')
      local out = {}
      for _, id in ipairs(ids) do
        local lease = redis.call('HGET', KEYS[1], id)
        if lease then out[#out + 1] = lease end
      end
      return out
      """;
  private static final String CLAIM =
      NOW
          + """
      local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', string.format('%.0f', now), 'WITHSCORES')
      for i = 1, #expired, 2 do
        redis.call('ZREM', KEYS[2], expired[i])
        redis.call('HDEL', KEYS[1], expired[i])
      end
      return expired
      """;
  private static final String HOLD =
      """
      local cur = redis.call('GET', KEYS[1])
      if (not cur) or cur == ARGV[1] then
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
      end
      return 0
      """;
  private static final String RELEASE =
      """
      if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
      return 1
      """;
  private static final String SAVE_PUSHED =
      """
      for i = 1, #ARGV, 2 do
        if ARGV[i + 1] == '0' then redis.call('HDEL', KEYS[1], ARGV[i])
        else redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
      end
      return 1
      """;
  private static final String ALL_PUSHED = "return redis.call('HGETALL', KEYS[1])";

  private final RedisAPI redis;
  private final Keys keys;

  /** The Redis keys of this store, under the configured prefix. */
  public record Keys(String prefix) {
    /** Hash gatewayId -> its latest {@link GatewayLease} as JSON. */
    public String leases() {
      return prefix + "{presence}:leases";
    }

    /** Sorted set gatewayId -> lease deadline (epoch ms, Redis time). */
    public String deadlines() {
      return prefix + "{presence}:deadlines";
    }

    /** String: the id of the instance holding the count-push leadership, with a PX TTL. */
    public String pusher() {
      return prefix + "{presence}:pusher";
    }

    /** Hash roomId -> online count last pushed. */
    public String pushed() {
      return prefix + "{presence}:pushed";
    }
  }

  public RedisLeaseStore(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    this.keys = new Keys(keyPrefix);
  }

  public Keys keys() {
    return keys;
  }

  @Override
  public Future<Boolean> report(GatewayLease lease) {
    if (lease.ttlMs() <= 0) {
      return Future.failedFuture(
          new IllegalArgumentException("ttlMs must be positive, got " + lease.ttlMs()));
    }
    return eval(
            REPORT,
            List.of(keys.leases(), keys.deadlines()),
            List.of(lease.gatewayId(), Json.toString(lease), Long.toString(lease.ttlMs())))
        .map(r -> r.toInteger() == 1);
  }

  @Override
  public Future<List<GatewayLease>> live() {
    return eval(LIVE, List.of(keys.leases(), keys.deadlines()), List.of())
        .map(
            r -> {
              List<GatewayLease> out = new ArrayList<>(r.size());
              r.forEach(item -> out.add(Json.fromString(item.toString(), GatewayLease.class)));
              return out;
            });
  }

  @Override
  public Future<List<GatewayExpired>> claimExpired() {
    return eval(CLAIM, List.of(keys.leases(), keys.deadlines()), List.of())
        .map(
            r -> {
              List<GatewayExpired> out = new ArrayList<>(r.size() / 2);
              for (int i = 0; i + 1 < r.size(); i += 2) {
                out.add(
                    new GatewayExpired(
                        r.get(i).toString(), (long) Double.parseDouble(r.get(i + 1).toString())));
              }
              return out;
            });
  }

  @Override
  public Future<Boolean> holdPushLeadership(String holder, long ttlMs) {
    return eval(HOLD, List.of(keys.pusher()), List.of(holder, Long.toString(ttlMs)))
        .map(r -> r.toInteger() == 1);
  }

  @Override
  public Future<Void> releasePushLeadership(String holder) {
    return eval(RELEASE, List.of(keys.pusher()), List.of(holder)).mapEmpty();
  }

  @Override
  public Future<Map<String, Integer>> pushedCounts() {
    return eval(ALL_PUSHED, List.of(keys.pushed()), List.of())
        .map(
            r -> {
              Map<String, Integer> out = new HashMap<>();
              for (int i = 0; i + 1 < r.size(); i += 2) {
                out.put(r.get(i).toString(), r.get(i + 1).toInteger());
              }
              return out;
            });
  }

  @Override
  public Future<Void> savePushedCounts(Map<String, Integer> pushed) {
    if (pushed.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> args = new ArrayList<>(pushed.size() * 2);
    pushed.forEach(
        (roomId, count) -> {
          args.add(roomId);
          args.add(Integer.toString(count));
        });
    return eval(SAVE_PUSHED, List.of(keys.pushed()), args).mapEmpty();
  }

  private Future<Response> eval(String script, List<String> scriptKeys, List<String> args) {
    List<String> command = new ArrayList<>(2 + scriptKeys.size() + args.size());
    command.add(script);
    command.add(Integer.toString(scriptKeys.size()));
    command.addAll(scriptKeys);
    command.addAll(args);
    return redis.eval(command);
  }
}
