package io.liveroom.chat.store;

import io.liveroom.infra.store.Stores;
import io.liveroom.infra.testing.RedisClusterExtension;
import io.liveroom.infra.testing.RedisServer;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broadcast-history contract in {@code store.mode=cluster} on a real 3-master Redis Cluster: a
 * room's history, sequence and first number share the room's slot, so its scripts run there.
 */
class ClusterBroadcastHistoryTest extends BroadcastHistoryContract {
  @RegisterExtension static final RedisClusterExtension CLUSTER = new RedisClusterExtension();
  private final List<Stores> opened = new ArrayList<>();
  private String prefix;

  @BeforeEach
  void freshPrefix() {
    prefix = RedisServer.freshPrefix();
  }

  @Override
  protected BroadcastHistory createHistory(Vertx vertx, int maxCount, long maxAgeMs) {
    Stores stores = new Stores(vertx, CLUSTER.storeConfig(prefix));
    opened.add(stores);
    return new RedisBroadcastHistory(stores.redis(), prefix, maxCount, maxAgeMs);
  }

  @Override
  protected void closeHistories() {
    opened.forEach(Stores::close);
    opened.clear();
  }
}
