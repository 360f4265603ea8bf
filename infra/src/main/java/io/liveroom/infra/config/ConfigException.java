package io.liveroom.infra.config;

/** A bad configuration value. The message is one line naming the key; the launcher exits 2. */
public final class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String key, String problem) {
    super(key + ": " + problem, null, false, false);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
