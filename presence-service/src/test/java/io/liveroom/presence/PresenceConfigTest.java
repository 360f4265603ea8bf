package io.liveroom.presence;

import static io.liveroom.infra.testing.ConfigAssertions.assertApplied;
import static io.liveroom.infra.testing.ConfigAssertions.assertRefused;
import static io.liveroom.infra.testing.ConfigAssertions.assertUnknownRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.infra.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PresenceConfigTest {
  @Test
  void bundledDefaults() {
    assertEquals(
        new PresenceConfig(10_000, 2_500, 5_000, 1_000, 250, 10, 1_000),
        PresenceConfig.from(Config.defaults()));
    assertEquals(15_000, PresenceConfig.from(Config.defaults()).pushLeadershipTtlMs());
  }

  @Test
  void overridesAndEnvironmentApply() {
    assertApplied(
        PresenceConfig::from,
        "presence.leaseTtlMs=3000",
        "presence.reportIntervalMs=1000",
        "presence.topN=5");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "reportIntervalMs, 5001, presence.reportIntervalMs",
    "leaseTtlMs, 4999, presence.reportIntervalMs",
    "leaseTtlMs, 99, presence.leaseTtlMs",
    "expiryScanMs, 10001, presence.expiryScanMs",
    "viewMaxAgeMs, 2501, presence.viewMaxAgeMs",
    "viewMaxAgeMs, -1, presence.viewMaxAgeMs",
    "pushIntervalMs, 0, presence.pushIntervalMs",
    "topN, 1001, presence.topN",
    "maxTopN, 0, presence.maxTopN",
    "leaseTtlMs, soon, presence.leaseTtlMs"
  })
  void badValuesNameTheirKey(String key, String value, String named) {
    assertRefused(PresenceConfig::from, "presence." + key, value, named);
  }

  @Test
  void unknownKeysAreRefused() {
    assertUnknownRefused(PresenceConfig::from, "presence.leaseTTL");
  }
}
