package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.testing.RedisServer;
import io.liveroom.infra.testing.RedisServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The egress registry contract against a real redis-server. */
class RedisEgressStoreTest extends EgressStoreContract {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private String prefix;

  @BeforeEach
  void cleanSlate(RedisServer redis) {
    redis.flushAll();
  }

  @Override
  protected StoreConfig config() {
    prefix = RedisServer.freshPrefix();
    return REDIS.server().storeConfig(prefix);
  }

  @Test
  void storesBuildTheRedisBackendAndTheNodeKeyCarriesTheLease(RedisServer redis) {
    assertInstanceOf(RedisEgressStore.class, egress);
    await(egress.announce(node("eg-a", 1), 6_000));
    long ttl = Long.parseLong(redis.command("PTTL", prefix + "{egressnodes}:egressnode:eg-a"));
    assertTrue(ttl > 0 && ttl <= 6_000, "PTTL " + ttl);
  }
}
