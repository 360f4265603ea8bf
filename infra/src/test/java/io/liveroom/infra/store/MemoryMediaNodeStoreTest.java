package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.liveroom.infra.config.StoreConfig;
import org.junit.jupiter.api.Test;

class MemoryMediaNodeStoreTest extends MediaNodeStoreContract {
  @Override
  protected StoreConfig config() {
    return new StoreConfig(StoreConfig.Type.MEMORY, "redis://127.0.0.1:6379", "", 1, 1000);
  }

  @Test
  void storesBuildTheMemoryBackend() {
    assertInstanceOf(MemoryMediaNodeStore.class, nodes);
  }
}
