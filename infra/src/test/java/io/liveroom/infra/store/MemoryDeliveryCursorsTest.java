package io.liveroom.infra.store;

import io.liveroom.infra.config.StoreConfig;

class MemoryDeliveryCursorsTest extends DeliveryCursorsContract {
  @Override
  protected StoreConfig config() {
    return new StoreConfig(StoreConfig.Type.MEMORY, "redis://127.0.0.1:6379", "", 1, 1000);
  }
}
