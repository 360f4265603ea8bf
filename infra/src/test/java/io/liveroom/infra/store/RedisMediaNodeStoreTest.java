package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.testing.RedisServer;
import io.liveroom.infra.testing.RedisServerExtension;
import io.liveroom.infra.testing.RedisStoresFixture;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The media-node registry contract against a real redis-server. */
class RedisMediaNodeStoreTest extends MediaNodeStoreContract {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private final RedisStoresFixture backend = new RedisStoresFixture(REDIS);

  @Override
  protected StoreConfig config() {
    return backend.freshConfig();
  }

  @Test
  void anotherInstanceSeesTheSameRegistryAndTheKeyCarriesTheLease(Vertx vertx, RedisServer redis) {
    await(nodes.announce(node("media-a", 1), 6_000));
    long ttl =
        Long.parseLong(redis.command("PTTL", backend.prefix() + "{medianodes}:medianode:media-a"));
    assertTrue(ttl > 0 && ttl <= 6_000, "PTTL " + ttl);
    MediaNodeStore other = open(vertx, backend.otherData()).mediaNodes();
    assertEquals(List.of(), await(other.live()), "another prefix sees nothing");
    MediaNodeStore same = open(vertx, backend.sameData()).mediaNodes();
    assertEquals(List.of(node("media-a", 1)), await(same.live()));
  }

  @Test
  void storesBuildTheRedisBackend() {
    assertInstanceOf(RedisMediaNodeStore.class, nodes);
  }
}
