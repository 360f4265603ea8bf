package io.liveroom.presence.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.RoomCount;
import io.liveroom.infra.testing.RedisServer;
import io.liveroom.infra.testing.RedisServerExtension;
import io.liveroom.infra.testing.RedisStoresFixture;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract against a real redis-server; {@link #sameData} opens a second client, as a second
 * instance would.
 */
class RedisLeaseStoreTest extends LeaseStoreContract {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private final RedisStoresFixture backend = new RedisStoresFixture(REDIS);

  @Override
  protected LeaseStore createStore(Vertx vertx) {
    backend.freshConfig();
    return open(vertx, backend.prefix());
  }

  @Override
  protected LeaseStore sameData(Vertx vertx) {
    return open(vertx, backend.prefix());
  }

  @Override
  protected void closeStores() {
    backend.closeAll();
  }

  private RedisLeaseStore open(Vertx vertx, String keyPrefix) {
    return new RedisLeaseStore(backend.open(vertx, keyPrefix).redis(), keyPrefix);
  }

  @Test
  void keysLiveUnderThePrefixInOneSlotAndGoWithTheClaim(RedisServer redis) {
    RedisLeaseStore.Keys keys = ((RedisLeaseStore) store).keys();
    assertEquals(backend.prefix() + "{presence}:leases", keys.leases());
    await(store.report(lease("gw-1", 200, room("r1", 1, "alice"))));
    assertEquals("1", redis.command("HEXISTS", keys.leases(), "gw-1"));
    assertEquals("1", redis.command("EXISTS", keys.deadlines()));
    assertEquals(2, redis.dbSize());
    poll("the lease to run out", () -> await(store.live()).isEmpty());
    assertEquals(1, await(store.claimExpired()).size());
    assertEquals(0, redis.dbSize(), "a claimed lease leaves nothing behind");
    for (String key : List.of(keys.leases(), keys.deadlines(), keys.pusher(), keys.pushed())) {
      assertTrue(
          key.startsWith(backend.prefix() + "{presence}:"),
          key + ": one hash tag, one Redis Cluster slot");
    }
  }

  @Test
  void prefixesIsolateDeployments(Vertx vertx) {
    LeaseStore other = open(vertx, "other-" + UUID.randomUUID() + ":");
    await(store.report(lease("gw-1", LONG_TTL, room("r1", 1, "alice"))));
    assertFalse(await(other.report(lease("gw-1", LONG_TTL, room("r1", 2, "bob", "carol")))));
    assertEquals(new RoomCount("r1", 1, 1), await(store.roomCount("r1")));
    assertEquals(new RoomCount("r1", 2, 2), await(other.roomCount("r1")));
    assertTrue(await(other.holdPushLeadership("x", LONG_TTL)));
    assertTrue(await(store.holdPushLeadership("y", LONG_TTL)));
  }
}
