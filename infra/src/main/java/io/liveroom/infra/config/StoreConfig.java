package io.liveroom.infra.config;

import java.net.URI;

/**
 * Where shared state lives: in this process's memory (single process) or in Redis (cluster). {@code
 * epochCheckMs}: how often a node checks whether Redis lost its state (see {@code StoreEpoch}).
 */
public record StoreConfig(
    Type type, String redisUrl, String keyPrefix, int redisPoolSize, long epochCheckMs) {
  public static final String SECTION = "store";

  public enum Type {
    MEMORY,
    REDIS
  }

  public static StoreConfig from(Config config) {
    ConfigSection s = config.section(SECTION);
    Type type = s.getEnum("type", Type.class);
    String url = s.getNonBlank("redisUrl");
    try {
      URI uri = URI.create(url);
      if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw s.invalid("redisUrl", "expected redis://host:port[/db], got \"" + url + "\"");
      }
    } catch (IllegalArgumentException e) {
      throw s.invalid("redisUrl", "expected redis://host:port[/db], got \"" + url + "\"");
    }
    return new StoreConfig(
        type,
        url,
        s.getString("keyPrefix"),
        s.getInt("redisPoolSize", 1, 1024),
        s.getLong("epochCheckMs", 50, 60_000));
  }

  /** Never prints a password in the Redis URL ({@code redis://user:password@host}). */
  @Override
  public String toString() {
    return "StoreConfig[type="
        + type
        + ", redisUrl="
        + redisUrl.replaceAll("//[^@/]*@", "//***@")
        + ", keyPrefix="
        + keyPrefix
        + ", redisPoolSize="
        + redisPoolSize
        + ", epochCheckMs="
        + epochCheckMs
        + "]";
  }
}
