package io.liveroom.infra.config;

import com.fasterxml.jackson.core.type.TypeReference;
import io.liveroom.infra.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Configuration in four layers, later ones winning: the defaults each module bundles as {@code
 * liveroom/defaults/<section>.json}, a JSON config file ({@code {"section": {"key": value}}}),
 * environment variables ({@code LIVEROOM_<SECTION>_<KEY>}, camelCase keys as SNAKE_CASE), and
 * explicit overrides (command-line flags, {@code section.key -> value}).
 */
public final class Config {
  public static final String ENV_PREFIX = "LIVEROOM_";
  private final Map<String, Map<String, Object>> file;
  private final Map<String, String> env;
  private final Map<String, String> overrides;

  private Config(
      Map<String, Map<String, Object>> file,
      Map<String, String> env,
      Map<String, String> overrides) {
    this.file = file;
    this.env = env;
    this.overrides = overrides;
  }

  /** Only bundled defaults: what a test or an embedded node gets with nothing configured. */
  public static Config defaults() {
    return new Config(Map.of(), Map.of(), Map.of());
  }

  public static Config of(Map<String, String> overrides) {
    return new Config(Map.of(), Map.of(), Map.copyOf(overrides));
  }

  public static Config load(
      Path configFile, Map<String, String> env, Map<String, String> overrides) {
    return new Config(
        configFile == null ? Map.of() : readFile(configFile),
        Map.copyOf(env),
        Map.copyOf(overrides));
  }

  private static Map<String, Map<String, Object>> readFile(Path path) {
    if (!Files.isReadable(path)) {
      throw new ConfigException("--config", "cannot read " + path);
    }
    try {
      return Json.MAPPER.readValue(
          path.toFile(), new TypeReference<LinkedHashMap<String, Map<String, Object>>>() {});
    } catch (IOException e) {
      throw new ConfigException(
          "--config",
          path
              + " is not a JSON object of sections: "
              + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /** This configuration with more overrides, which win over the earlier ones. */
  public Config with(Map<String, String> more) {
    Map<String, String> merged = new LinkedHashMap<>(overrides);
    merged.putAll(more);
    return new Config(file, env, Map.copyOf(merged));
  }

  /** Fails on file sections or overrides that no module declares: typos must not pass silently. */
  public void checkKnownSections(Set<String> known) {
    for (String section : file.keySet()) {
      if (!known.contains(section)) {
        throw new ConfigException(
            section, "unknown configuration section (known: " + String.join(", ", known) + ")");
      }
    }
    for (String key : overrides.keySet()) {
      String section = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
      if (!known.contains(section)) {
        throw new ConfigException(key, "unknown configuration section");
      }
    }
  }

  /** The merged values of one section; every key must have a bundled default. */
  public ConfigSection section(String name) {
    Map<String, Object> values = new LinkedHashMap<>(readDefaults(name));
    Objects.requireNonNullElse(file.get(name), Map.<String, Object>of())
        .forEach(
            (key, value) -> {
              requireKnown(name, key, values);
              values.put(key, value);
            });
    for (String key : Set.copyOf(values.keySet())) {
      String fromEnv = env.get(envName(name, key));
      if (fromEnv != null) {
        values.put(key, fromEnv);
      }
    }
    overrides.forEach(
        (key, value) -> {
          if (key.startsWith(name + ".")) {
            String local = key.substring(name.length() + 1);
            requireKnown(name, local, values);
            values.put(local, value);
          }
        });
    return new ConfigSection(name, values);
  }

  private static void requireKnown(String section, String key, Map<String, Object> values) {
    if (!values.containsKey(key)) {
      throw new ConfigException(
          section + "." + key,
          "unknown option (known: " + String.join(", ", values.keySet()) + ")");
    }
  }

  /** {@code gateway.maxFrameBytes} -> {@code LIVEROOM_GATEWAY_MAX_FRAME_BYTES}. */
  public static String envName(String section, String key) {
    StringBuilder sb = new StringBuilder(ENV_PREFIX).append(section.toUpperCase()).append('_');
    for (char c : key.toCharArray()) {
      if (Character.isUpperCase(c)) {
        sb.append('_');
      }
      sb.append(Character.toUpperCase(c));
    }
    return sb.toString();
  }

  private static Map<String, Object> readDefaults(String section) {
    String resource = "liveroom/defaults/" + section + ".json";
    try (InputStream in = Config.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing bundled defaults " + resource);
      }
      return Json.MAPPER.readValue(in, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (IOException e) {
      throw new IllegalStateException("unreadable bundled defaults " + resource, e);
    }
  }
}
