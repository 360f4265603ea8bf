package io.liveroom.infra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code store.mode} and its addresses: read from files or env vars, refused when incomplete. */
class StoreModeConfigTest {
  @Test
  void standaloneByDefault() {
    StoreConfig c = StoreConfig.from(Config.defaults());
    assertEquals(StoreConfig.Mode.STANDALONE, c.mode());
    assertEquals(List.of("redis://127.0.0.1:6379"), c.endpoints());
  }

  @Test
  void sentinelFromEnvironment() throws Exception {
    StoreConfig c =
        StoreConfig.from(
            Config.load(
                null,
                Map.of(
                    "LIVEROOM_STORE_TYPE", "redis",
                    "LIVEROOM_STORE_MODE", "sentinel",
                    "LIVEROOM_STORE_SENTINEL_MASTER", "lr-main",
                    "LIVEROOM_STORE_SENTINELS", "10.0.0.1:26379, redis://:pw@10.0.0.2:26379"),
                Map.of()));
    assertEquals(StoreConfig.Mode.SENTINEL, c.mode());
    assertEquals("lr-main", c.sentinelMaster());
    assertEquals(List.of("redis://10.0.0.1:26379", "redis://:pw@10.0.0.2:26379"), c.endpoints());
    assertFalse(c.toString().contains("pw"), "no password in logs: " + c);
  }

  @Test
  void clusterFromEnvironment() throws Exception {
    StoreConfig c =
        StoreConfig.from(
            Config.load(
                null,
                Map.of(
                    "LIVEROOM_STORE_TYPE", "redis",
                    "LIVEROOM_STORE_MODE", "cluster",
                    "LIVEROOM_STORE_CLUSTER_NODES", "r1:7000,r2:7000"),
                Map.of()));
    assertEquals(List.of("redis://r1:7000", "redis://r2:7000"), c.endpoints());
  }

  @Test
  void incompleteModesAreRefused() {
    assertRefused(Map.of("store.type", "redis", "store.mode", "sentinel"), "store.sentinels");
    assertRefused(Map.of("store.type", "redis", "store.mode", "cluster"), "store.clusterNodes");
    assertRefused(
        Map.of(
            "store.type",
            "redis",
            "store.mode",
            "sentinel",
            "store.sentinels",
            "h:1",
            "store.sentinelMaster",
            "bad name"),
        "store.sentinelMaster");
    assertRefused(Map.of("store.mode", "replicated"), "store.mode");
    assertRefused(Map.of("store.sentinels", "nohostport"), "store.sentinels");
    assertRefused(Map.of("store.clusterNodes", "http://h:1"), "store.clusterNodes");
  }

  private static void assertRefused(Map<String, String> values, String key) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> StoreConfig.from(Config.of(Map.copyOf(values))));
    assertEquals(key, e.key());
    assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
  }
}
