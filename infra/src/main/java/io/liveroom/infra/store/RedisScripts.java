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
   * is the keys' number, so the two cannot disagree). Keys of two Redis Cluster slots fail the call
   * in every mode, so a script that could not run on a Redis Cluster fails the standalone tests
   * too.
   */
  static Future<Response> eval(
      RedisAPI redis, String script, List<String> keys, List<String> args) {
    if (!keys.isEmpty()) {
      int slot = RedisKeys.slot(keys.get(0));
      for (String key : keys) {
        if (RedisKeys.slot(key) != slot) {
          return Future.failedFuture(
              new IllegalArgumentException(
                  "a store script must stay within one Redis Cluster slot: " + keys));
        }
      }
    }
    List<String> call = new ArrayList<>(2 + keys.size() + args.size());
    call.add(script);
    call.add(Integer.toString(keys.size()));
    call.addAll(keys);
    call.addAll(args);
    return redis.eval(call);
  }
}
