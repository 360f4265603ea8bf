package io.liveroom.infra.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogConfigTest {
  @Test
  void defaultsAreTextAtInfoWithChattyLibrariesAtWarnAndTheAccessLogOnButForHealthAndMetrics() {
    LogConfig log = LogConfig.from(Config.defaults());
    assertEquals(LogConfig.Format.TEXT, log.format());
    assertEquals("INFO", log.level());
    assertEquals(LogConfig.QUIET, log.levels());
    assertEquals("WARN", log.levels().get("com.hazelcast"));
    assertTrue(log.accessLog());
    assertEquals(List.of("/health", "/ready", "/metrics"), log.accessLogExclude());
    assertTrue(log.logsAccessTo("/v1/rooms"));
    assertTrue(log.logsAccessTo("/whip/cam1"));
    assertTrue(log.logsAccessTo("/dev/token"));
    assertTrue(log.logsAccessTo("/healthy"), "a prefix matches whole segments only");
    assertFalse(log.logsAccessTo("/health"));
    assertFalse(log.logsAccessTo("/metrics"));
    assertFalse(log.logsAccessTo("/metrics/jvm"));
  }

  @Test
  void levelsAreCaseInsensitiveAndConfiguredLoggersOverTheQuietOnes() {
    LogConfig log =
        LogConfig.from(
            Config.of(
                Map.of(
                    "log.format",
                    "JSON",
                    "log.level",
                    "debug",
                    "log.levels",
                    "io.netty=info, io.liveroom.gateway.requests=DEBUG,io.liveroom.gateway.requests=trace")));
    assertEquals(LogConfig.Format.JSON, log.format());
    assertEquals("DEBUG", log.level());
    assertEquals("INFO", log.levels().get("io.netty"));
    assertEquals("TRACE", log.levels().get("io.liveroom.gateway.requests"), "a later entry wins");
    assertEquals("WARN", log.levels().get("com.hazelcast"), "not named: stays quiet");
  }

  @Test
  void accessLogOffLogsNothing() {
    LogConfig log =
        LogConfig.from(Config.of(Map.of("log.accessLog", "off", "log.accessLogExclude", "")));
    assertFalse(log.logsAccessTo("/v1/rooms"));
    assertTrue(
        LogConfig.from(Config.of(Map.of("log.accessLogExclude", ""))).logsAccessTo("/health"));
  }

  @Test
  void badValuesNameTheirKey() {
    assertKey("log.format", Map.of("log.format", "xml"));
    assertKey("log.level", Map.of("log.level", "loud"));
    assertKey("log.levels", Map.of("log.levels", "io.netty"));
    assertKey("log.levels", Map.of("log.levels", "io.netty=chatty"));
    assertKey("log.levels", Map.of("log.levels", "=DEBUG"));
    assertKey("log.accessLog", Map.of("log.accessLog", "maybe"));
    assertKey("log.accessLogExclude", Map.of("log.accessLogExclude", "health"));
  }

  private static void assertKey(String key, Map<String, String> overrides) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> LogConfig.from(Config.of(overrides)));
    assertEquals(key, e.key(), e.getMessage());
  }
}
