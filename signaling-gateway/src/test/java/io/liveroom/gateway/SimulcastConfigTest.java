package io.liveroom.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.Config;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code gateway.simulcastLayers}: off by default, 2 or 3 when set, anything else refused at start.
 */
class SimulcastConfigTest {
  @Test
  void offByDefaultAndOnlyTwoOrThreeLayers() {
    assertEquals(0, GatewayConfig.from(Config.of(Map.of())).simulcastLayers());
    assertEquals(
        2, GatewayConfig.from(Config.of(Map.of("gateway.simulcastLayers", "2"))).simulcastLayers());
    assertEquals(
        3, GatewayConfig.from(Config.of(Map.of("gateway.simulcastLayers", "3"))).simulcastLayers());
    for (String bad : new String[] {"1", "4", "-1", "yes"}) {
      Exception e =
          assertThrows(
              RuntimeException.class,
              () -> GatewayConfig.from(Config.of(Map.of("gateway.simulcastLayers", bad))),
              bad);
      assertTrue(String.valueOf(e.getMessage()).contains("simulcastLayers"), e::getMessage);
    }
  }
}
