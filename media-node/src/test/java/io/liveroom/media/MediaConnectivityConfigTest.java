package io.liveroom.media;

import static io.liveroom.infra.testing.ConfigAssertions.assertApplied;
import static io.liveroom.infra.testing.ConfigAssertions.assertEachRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.Config;
import org.junit.jupiter.api.Test;

/** The media node's socket settings ({@code media.tcp*}, {@code media.batchedSend}). */
class MediaConnectivityConfigTest {
  @Test
  void defaultsBatchTheSendsAndFollowTheUdpPort() {
    MediaConnectivityConfig c = MediaConnectivityConfig.from(Config.defaults());
    assertTrue(c.batchedSend());
    assertTrue(c.tcpEnabled());
    assertEquals(MediaConfig.from(Config.defaults()).port(), c.tcpPort());
  }

  @Test
  void overridesAndEnvironmentApply() {
    assertApplied(
        MediaConnectivityConfig::from,
        "media.batchedSend=false",
        "media.tcpEnabled=false",
        "media.audioLevelIntervalMs=0");
  }

  @Test
  void badValuesNameTheirKey() {
    assertEachRefused(MediaConnectivityConfig::from, "media", "maybe", "batchedSend tcpEnabled");
    assertEachRefused(MediaConnectivityConfig::from, "media", "-5", "tcpPort audioLevelIntervalMs");
  }
}
