package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.testing.RedisServer;
import io.liveroom.infra.testing.RedisServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisDeliveryCursorsTest extends DeliveryCursorsContract {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @BeforeEach
  void cleanSlate(RedisServer redis) {
    redis.flushAll();
  }

  @Override
  protected StoreConfig config() {
    return REDIS.server().storeConfig(RedisServer.freshPrefix());
  }

  @Test
  void storesBuildTheRedisBackend() {
    assertInstanceOf(RedisDeliveryCursors.class, cursors);
  }
}
