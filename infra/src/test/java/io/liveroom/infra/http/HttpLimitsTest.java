package io.liveroom.infra.http;

import static io.liveroom.infra.testing.ConfigAssertions.assertApplied;
import static io.liveroom.infra.testing.ConfigAssertions.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.infra.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpLimitsTest {
  @Test
  void bundledDefaults() {
    assertEquals(
        new HttpLimits(10_000, 30_000, 60_000, 0, 65_536, 65_536, 100),
        HttpLimits.from(Config.defaults()));
  }

  @Test
  void overridesAndEnvironmentApply() {
    assertApplied(
        HttpLimits::from,
        "http.maxConnectionsPerIp=500",
        "http.headerTimeoutMs=5000",
        "http.adminMaxKickUsers=20");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "headerTimeoutMs,0",
    "headerTimeoutMs,soon",
    "bodyTimeoutMs,99",
    "idleTimeoutMs,-1",
    "maxConnectionsPerIp,-1",
    "adminMaxBodyBytes,10",
    "whipMaxBodyBytes,100000000",
    "adminMaxKickUsers,0"
  })
  void badValuesNameTheirKey(String key, String value) {
    assertRefused(HttpLimits::from, "http." + key, value, "http." + key);
  }
}
