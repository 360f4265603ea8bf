package io.liveroom.infra.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Typed, validated reads of one configuration section. Each failure names its key. */
public final class ConfigSection {
  private final String name;
  private final Map<String, Object> values;

  ConfigSection(String name, Map<String, Object> values) {
    this.name = name;
    this.values = values;
  }

  public String name() {
    return name;
  }

  private Object raw(String key) {
    if (!values.containsKey(key)) {
      throw new ConfigException(key(key), "no such option");
    }
    return values.get(key);
  }

  private String key(String key) {
    return name + "." + key;
  }

  public int getInt(String key, int min, int max) {
    return (int) getLong(key, min, max);
  }

  public long getLong(String key, long min, long max) {
    Object v = raw(key);
    long value;
    if (v instanceof Number n
        && (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte)) {
      value = n.longValue();
    } else {
      try {
        value = Long.parseLong(String.valueOf(v).trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(key(key), "expected an integer, got \"" + v + "\"");
      }
    }
    if (value < min || value > max) {
      throw new ConfigException(
          key(key), "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  public boolean getBoolean(String key) {
    Object v = raw(key);
    if (v instanceof Boolean b) {
      return b;
    }
    String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new ConfigException(key(key), "expected true or false, got \"" + v + "\"");
    };
  }

  public String getString(String key) {
    Object v = raw(key);
    if (v == null || v instanceof Map || v instanceof List) {
      throw new ConfigException(key(key), "expected a string, got " + v);
    }
    return String.valueOf(v);
  }

  public String getNonBlank(String key) {
    String s = getString(key).trim();
    if (s.isEmpty()) {
      throw new ConfigException(key(key), "must not be empty");
    }
    return s;
  }

  /** A JSON array, or a comma-separated string (environment variables, flags). */
  public List<String> getList(String key) {
    Object v = raw(key);
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> list) {
      list.forEach(item -> out.add(String.valueOf(item).trim()));
    } else if (v instanceof String s) {
      Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).forEach(out::add);
    } else {
      throw new ConfigException(key(key), "expected a list, got " + v);
    }
    return List.copyOf(out);
  }

  public <E extends Enum<E>> E getEnum(String key, Class<E> type) {
    String s = getNonBlank(key);
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(s)) {
        return e;
      }
    }
    throw new ConfigException(
        key(key),
        "expected one of "
            + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT)
            + ", got \""
            + s
            + "\"");
  }

  public ConfigException invalid(String key, String problem) {
    return new ConfigException(key(key), problem);
  }
}
