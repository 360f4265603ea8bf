package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.testing.RedisServer;
import io.liveroom.infra.testing.RedisServerExtension;
import io.liveroom.infra.testing.RedisStoresFixture;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The placement contract against a real redis-server; the second instance is another client. */
class RedisPlacementStoreTest extends PlacementStoreContract {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private final RedisStoresFixture backend = new RedisStoresFixture(REDIS);

  @Override
  protected StoreConfig config() {
    return backend.freshConfig();
  }

  @Override
  protected PlacementStore sameData(Vertx vertx) {
    return open(vertx, backend.sameData()).placements();
  }

  @Test
  void storesBuildTheRedisBackend() {
    assertInstanceOf(RedisPlacementStore.class, placements);
  }

  @Test
  void thePlacementKeyCarriesTheLeaseAndReleaseLeavesNoKey(RedisServer redis) {
    await(placements.place("r1", "media-a", 5_000));
    long ttl = Long.parseLong(redis.command("PTTL", backend.prefix() + "{room:r1}:placement"));
    assertTrue(ttl > 0 && ttl <= 5_000, "PTTL " + ttl);
    assertTrue(await(placements.release("r1", "media-a")));
    assertEquals(0, redis.dbSize(), "nothing left behind");
  }
}
