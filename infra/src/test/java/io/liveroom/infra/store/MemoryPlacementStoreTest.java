package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.liveroom.infra.config.StoreConfig;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

class MemoryPlacementStoreTest extends PlacementStoreContract {
  @Override
  protected StoreConfig config() {
    return new StoreConfig(StoreConfig.Type.MEMORY, "redis://127.0.0.1:6379", "", 1, 1000);
  }

  @Override
  protected PlacementStore sameData(Vertx vertx) {
    return placements; // one process: the instances share the memory store
  }

  @Test
  void storesBuildTheMemoryBackend() {
    assertInstanceOf(MemoryPlacementStore.class, placements);
  }
}
