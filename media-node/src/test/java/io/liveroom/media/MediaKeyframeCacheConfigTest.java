package io.liveroom.media;

import static io.liveroom.infra.testing.ConfigAssertions.assertApplied;
import static io.liveroom.infra.testing.ConfigAssertions.assertEachRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.infra.config.Config;
import org.junit.jupiter.api.Test;

/** The keyframe cache's settings ({@code media.keyframeCache*}). */
class MediaKeyframeCacheConfigTest {
  @Test
  void defaultsMatchTheShortConstructors() {
    MediaConfig c = MediaConfig.from(Config.defaults());
    assertEquals(MediaConfig.DEFAULT_KEYFRAME_CACHE_BYTES, c.keyframeCacheBytes());
    assertEquals(MediaConfig.DEFAULT_KEYFRAME_CACHE_MAX_AGE_MS, c.keyframeCacheMaxAgeMs());
  }

  @Test
  void overridesAndEnvironmentApply() {
    assertApplied(
        MediaConfig::from, "media.keyframeCacheBytes=0", "media.keyframeCacheMaxAgeMs=500");
  }

  @Test
  void badValuesNameTheirKey() {
    assertEachRefused(MediaConfig::from, "media", "-1", "keyframeCacheBytes keyframeCacheMaxAgeMs");
    assertEachRefused(MediaConfig::from, "media", "99999999", "keyframeCacheBytes");
  }
}
