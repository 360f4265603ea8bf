package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.StoreConfig;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

class MemoryMembershipStoreTest extends MembershipStoreContract {
  @Override
  protected MembershipStore createStore(Vertx vertx) {
    return new MemoryMembershipStore();
  }

  @Test
  void defaultStoresAreInMemory(Vertx vertx) {
    Stores stores = new Stores(vertx, StoreConfig.from(Config.defaults()));
    try {
      assertFalse(stores.usesRedis());
      assertInstanceOf(MemoryMembershipStore.class, stores.membership());
      assertTrue(await(stores.ping().map(true)));
    } finally {
      stores.close();
    }
  }
}
