package io.liveroom.infra.store;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/** Calls of the stores' Lua scripts. */
final class RedisScripts {
  private RedisScripts() {}

  /**
   * Runs {@code script} with {@code keys} as its KEYS and {@code args} as its ARGV (the key count
   * is the keys' number, so the two cannot disagree).
   */
  static Future<Response> eval(
      RedisAPI redis, String script, List<String> keys, List<String> args) {
    List<String> call = new ArrayList<>(2 + keys.size() + args.size());
    call.add(script);
    call.add(Integer.toString(keys.size()));
    call.addAll(keys);
    call.addAll(args);
    return redis.eval(call);
  }
}
