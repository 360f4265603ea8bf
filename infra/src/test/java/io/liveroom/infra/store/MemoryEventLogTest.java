package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.StoreConfig;
import org.junit.jupiter.api.Test;

class MemoryEventLogTest extends EventLogContract {
  @Override
  protected StoreConfig config() {
    return new StoreConfig(StoreConfig.Type.MEMORY, "redis://127.0.0.1:6379", "", 1, 1000);
  }

  @Test
  void storesBuildTheMemoryRing() {
    assertInstanceOf(MemoryEventLog.class, log);
  }

  @Test
  void aNewRingStartsAboveTheClock() {
    long before = System.currentTimeMillis() * 1000;
    MemoryEventLog fresh = new MemoryEventLog(10, 1000, System::currentTimeMillis);
    assertTrue(
        await(fresh.append(java.util.List.of(extra("r", "k")))).get(0).seq() > before,
        "a restarted process never hands out a seq below those of its previous life");
  }
}
