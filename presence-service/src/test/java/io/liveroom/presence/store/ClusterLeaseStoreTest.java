package io.liveroom.presence.store;

import io.liveroom.infra.store.Stores;
import io.liveroom.infra.testing.RedisClusterExtension;
import io.liveroom.infra.testing.RedisServer;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lease contract in {@code store.mode=cluster} on a real 3-master Redis Cluster (every lease
 * key carries the {@code {presence}} tag, so each script is single-slot).
 */
class ClusterLeaseStoreTest extends LeaseStoreContract {
  @RegisterExtension static final RedisClusterExtension CLUSTER = new RedisClusterExtension();
  private final List<Stores> opened = new ArrayList<>();
  private String prefix;

  @Override
  protected LeaseStore createStore(Vertx vertx) {
    prefix = RedisServer.freshPrefix();
    return open(vertx);
  }

  @Override
  protected LeaseStore sameData(Vertx vertx) {
    return open(vertx);
  }

  private LeaseStore open(Vertx vertx) {
    Stores stores = new Stores(vertx, CLUSTER.storeConfig(prefix));
    opened.add(stores);
    return new RedisLeaseStore(stores.redis(), prefix);
  }

  @Override
  protected void closeStores() {
    opened.forEach(Stores::close);
    opened.clear();
  }
}
