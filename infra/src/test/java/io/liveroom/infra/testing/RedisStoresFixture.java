package io.liveroom.infra.testing;

import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The Redis side of a store contract test: for each test an empty redis-server (FLUSHALL) and a
 * fresh key prefix on it, plus {@link Stores} opened on it and closed together. One per test
 * instance, over the class's {@link RedisServerExtension}.
 */
public final class RedisStoresFixture {
  private final RedisServerExtension redis;
  private final List<Stores> opened = new ArrayList<>();
  private String prefix;

  public RedisStoresFixture(RedisServerExtension redis) {
    this.redis = redis;
  }

  /** Empties the server and picks a fresh key prefix for the test; returns its configuration. */
  public StoreConfig freshConfig() {
    redis.server().flushAll();
    prefix = RedisServer.freshPrefix();
    return redis.server().storeConfig(prefix);
  }

  /** The test's key prefix (set by {@link #freshConfig} or {@link #openFresh}). */
  public String prefix() {
    return prefix;
  }

  /** Another configuration on the test's prefix: stores opened with it see the same data. */
  public StoreConfig sameData() {
    return redis.server().storeConfig(prefix);
  }

  /**
   * A configuration on a new prefix of the same server: stores opened with it see none of the
   * test's data.
   */
  public StoreConfig otherData() {
    return redis.server().storeConfig("other-" + UUID.randomUUID() + ":");
  }

  /** {@link #freshConfig}, then stores on it. */
  public Stores openFresh(Vertx vertx) {
    freshConfig();
    return open(vertx, prefix);
  }

  /** Stores on {@code keyPrefix}, closed by {@link #closeAll}. */
  public Stores open(Vertx vertx, String keyPrefix) {
    Stores stores = new Stores(vertx, redis.server().storeConfig(keyPrefix));
    opened.add(stores);
    return stores;
  }

  /** Closes every {@link Stores} opened here. */
  public void closeAll() {
    opened.forEach(Stores::close);
    opened.clear();
  }
}
