package io.liveroom.infra.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigException;
import java.util.Map;
import java.util.function.Function;

/** Assertions shared by the typed-config tests of every module. */
public final class ConfigAssertions {
  private ConfigAssertions() {}

  /**
   * Reading a config that sets only {@code key=value} with {@code from} fails with a {@link
   * ConfigException} that names {@code named} (the key at fault, which may be another one the value
   * conflicts with), and whose message starts with it.
   */
  public static void assertRefused(
      Function<Config, ?> from, String key, String value, String named) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> from.apply(Config.of(Map.of(key, value))));
    assertEquals(named, e.key());
    assertTrue(e.getMessage().startsWith(named + ": "), e.getMessage());
  }
}
