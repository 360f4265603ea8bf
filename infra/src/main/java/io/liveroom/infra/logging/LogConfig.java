package io.liveroom.infra.logging;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Logging (section {@code log}): the line format ({@code text}, one line per event, or {@code
 * json}, one JSON object per line), the root level, per-logger levels ({@code logger=LEVEL},
 * applied after the root level, a later entry for the same logger winning), and the HTTP access
 * log: on or off, and the path prefixes it leaves out. {@link #levels} holds the effective
 * per-logger levels: {@link #QUIET} (libraries that are chatty at INFO) with the configured entries
 * over them.
 */
public record LogConfig(
    Format format,
    String level,
    Map<String, String> levels,
    boolean accessLog,
    List<String> accessLogExclude) {
  public static final String SECTION = "log";

  /** The levels a logger can be set to. */
  public static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  /**
   * Loggers at WARN unless {@code log.levels} names them: Hazelcast, Netty, ice4j and jitsi talk a
   * lot at INFO.
   */
  public static final Map<String, String> QUIET =
      Map.of(
          "com.hazelcast",
          "WARN",
          "io.netty",
          "WARN",
          "org.ice4j",
          "WARN",
          "org.jitsi",
          "WARN",
          "JitsiConfig",
          "WARN");

  /** How each event is written. */
  public enum Format {
    TEXT,
    JSON
  }

  public LogConfig {
    levels = Map.copyOf(levels);
    accessLogExclude = List.copyOf(accessLogExclude);
  }

  public static LogConfig from(Config config) {
    ConfigSection s = config.section(SECTION);
    Map<String, String> levels = new LinkedHashMap<>(QUIET);
    for (String entry : s.getList("levels")) {
      int eq = entry.indexOf('=');
      String logger = eq < 0 ? "" : entry.substring(0, eq).trim();
      if (!logger.matches("[A-Za-z_$][A-Za-z0-9_$.\\-]*")) {
        throw s.invalid(
            "levels",
            "expected logger=LEVEL entries (e.g. io.liveroom.gateway=DEBUG), got \""
                + entry
                + "\"");
      }
      levels.put(logger, level(s, "levels", entry.substring(eq + 1)));
    }
    List<String> exclude = s.getList("accessLogExclude");
    for (String path : exclude) {
      if (!path.startsWith("/")) {
        throw s.invalid("accessLogExclude", "paths start with /, got \"" + path + "\"");
      }
    }
    return new LogConfig(
        s.getEnum("format", Format.class),
        level(s, "level", s.getString("level")),
        levels,
        s.getBoolean("accessLog"),
        exclude);
  }

  private static String level(ConfigSection s, String key, String value) {
    String level = value.trim().toUpperCase(Locale.ROOT);
    if (!LEVELS.contains(level)) {
      throw s.invalid(
          key,
          "unknown level \"" + value.trim() + "\" (levels: trace, debug, info, warn, error, off)");
    }
    return level;
  }

  /**
   * Whether the access log writes a request to {@code path}: on, and no excluded prefix matches.
   */
  public boolean logsAccessTo(String path) {
    if (!accessLog) {
      return false;
    }
    for (String prefix : accessLogExclude) {
      if (path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")) {
        return false;
      }
    }
    return true;
  }
}
