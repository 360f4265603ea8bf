package io.liveroom.infra.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Redis client every store uses, with each command (and batch) bounded by {@code
 * store.requestTimeoutMs}: a server that stops answering without closing the connection (frozen,
 * cut off by a partition, dying mid-failover) fails the request with a timeout instead of leaving
 * the flow that waits on it (a login, a lease renewal, a webhook step) waiting forever.
 */
final class BoundedRedis implements Redis {
  private final Redis client;
  private final long timeoutMs;

  BoundedRedis(Redis client, long timeoutMs) {
    this.client = client;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<RedisConnection> connect() {
    return client.connect().timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }

  @Override
  public Future<Response> send(Request command) {
    return client.send(command).timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public Future<List<Response>> batch(List<Request> commands) {
    return client.batch(commands).timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }
}
