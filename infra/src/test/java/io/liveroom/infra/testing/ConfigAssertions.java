package io.liveroom.infra.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigException;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Assertions shared by the typed-config tests of every module, so that each test states only its
 * tables: the settings that apply, the values that are refused.
 */
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

  /**
   * {@code value} is refused for each of {@code keys} (names in {@code section}, separated by
   * blanks; each set alone), naming the key itself.
   */
  public static void assertEachRefused(
      Function<Config, ?> from, String section, String value, String keys) {
    for (String key : keys.trim().split("\\s+")) {
      assertRefused(from, section + "." + key, value, section + "." + key);
    }
  }

  /** A key the section does not have is refused, naming it (typos must not pass silently). */
  public static void assertUnknownRefused(Function<Config, ?> from, String key) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> from.apply(Config.of(Map.of(key, "1"))));
    assertEquals(key, e.key());
  }

  /**
   * The {@code settings} ({@code section.key=value}), given once as overrides and once as
   * environment variables ({@link Config#envName}), each show in the record component named like
   * their key.
   */
  public static <T extends Record> void assertApplied(
      Function<Config, T> from, String... settings) {
    Map<String, String> overrides = new LinkedHashMap<>();
    Map<String, String> env = new HashMap<>();
    for (String setting : settings) {
      String key = setting.substring(0, setting.indexOf('='));
      String value = setting.substring(setting.indexOf('=') + 1);
      overrides.put(key, value);
      env.put(Config.envName(section(key), name(key)), value);
    }
    assertShows(from.apply(Config.of(overrides)), overrides, "override");
    assertShows(from.apply(Config.load(null, env, Map.of())), overrides, "environment variable");
  }

  private static void assertShows(Record read, Map<String, String> settings, String how) {
    settings.forEach(
        (key, value) ->
            assertEquals(value, String.valueOf(component(read, name(key))), key + " as " + how));
  }

  private static Object component(Record read, String name) {
    for (RecordComponent c : read.getClass().getRecordComponents()) {
      if (c.getName().equals(name)) {
        try {
          return c.getAccessor().invoke(read);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError("cannot read " + name, e);
        }
      }
    }
    throw new AssertionError(read.getClass().getSimpleName() + " has no component " + name);
  }

  private static String section(String key) {
    return key.substring(0, key.indexOf('.'));
  }

  private static String name(String key) {
    return key.substring(key.indexOf('.') + 1);
  }
}
