package io.liveroom.infra.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Where shared state lives: in this process's memory (single process) or in Redis (cluster). {@code
 * epochCheckMs}: how often a node checks whether Redis lost its state (see {@code StoreEpoch}).
 *
 * <p>With Redis, {@code mode} says how it is reached: {@code standalone} (one server at {@code
 * redisUrl}), {@code sentinel} (the master of {@code sentinelMaster} as the {@code sentinels} name
 * it, followed through failovers) or {@code cluster} (a Redis Cluster discovered from {@code
 * clusterNodes}). Sentinel and cluster addresses are {@code host:port} or Redis URLs (a password
 * goes in the URL: {@code redis://:secret@host:port}).
 */
public record StoreConfig(
    Type type,
    String redisUrl,
    String keyPrefix,
    int redisPoolSize,
    long epochCheckMs,
    Mode mode,
    String sentinelMaster,
    List<String> sentinels,
    List<String> clusterNodes,
    long requestTimeoutMs) {
  public static final String SECTION = "store";

  /** {@code store.requestTimeoutMs}'s default. */
  public static final long DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

  public enum Type {
    MEMORY,
    REDIS
  }

  /** How Redis is deployed. */
  public enum Mode {
    STANDALONE,
    SENTINEL,
    CLUSTER
  }

  public StoreConfig {
    sentinels = List.copyOf(sentinels);
    clusterNodes = List.copyOf(clusterNodes);
  }

  /** With the default request timeout. */
  public StoreConfig(
      Type type,
      String redisUrl,
      String keyPrefix,
      int redisPoolSize,
      long epochCheckMs,
      Mode mode,
      String sentinelMaster,
      List<String> sentinels,
      List<String> clusterNodes) {
    this(
        type,
        redisUrl,
        keyPrefix,
        redisPoolSize,
        epochCheckMs,
        mode,
        sentinelMaster,
        sentinels,
        clusterNodes,
        DEFAULT_REQUEST_TIMEOUT_MS);
  }

  /** A standalone Redis at {@code redisUrl} (or the memory backend). */
  public StoreConfig(
      Type type, String redisUrl, String keyPrefix, int redisPoolSize, long epochCheckMs) {
    this(
        type,
        redisUrl,
        keyPrefix,
        redisPoolSize,
        epochCheckMs,
        Mode.STANDALONE,
        "mymaster",
        List.of(),
        List.of());
  }

  /** This configuration reaching Redis through {@code mode} at {@code endpoints}. */
  public StoreConfig withMode(Mode mode, String sentinelMaster, List<String> endpoints) {
    return new StoreConfig(
        type,
        redisUrl,
        keyPrefix,
        redisPoolSize,
        epochCheckMs,
        mode,
        sentinelMaster,
        mode == Mode.SENTINEL ? normalize(endpoints) : sentinels,
        mode == Mode.CLUSTER ? normalize(endpoints) : clusterNodes,
        requestTimeoutMs);
  }

  public static StoreConfig from(Config config) {
    ConfigSection s = config.section(SECTION);
    Type type = s.getEnum("type", Type.class);
    String url = s.getNonBlank("redisUrl");
    if (!isRedisUrl(url)) {
      throw s.invalid("redisUrl", "expected redis://host:port[/db], got \"" + url + "\"");
    }
    Mode mode = s.getEnum("mode", Mode.class);
    String master = s.getString("sentinelMaster").trim();
    List<String> sentinels = endpoints(s, "sentinels");
    List<String> clusterNodes = endpoints(s, "clusterNodes");
    if (type == Type.REDIS && mode == Mode.SENTINEL) {
      if (sentinels.isEmpty()) {
        throw s.invalid("sentinels", "store.mode sentinel needs at least one sentinel host:port");
      }
      if (!master.matches("[A-Za-z0-9._-]{1,64}")) {
        throw s.invalid(
            "sentinelMaster",
            "expected the master's name as the sentinels know it, got \"" + master + "\"");
      }
    }
    if (type == Type.REDIS && mode == Mode.CLUSTER && clusterNodes.isEmpty()) {
      throw s.invalid("clusterNodes", "store.mode cluster needs at least one seed host:port");
    }
    return new StoreConfig(
        type,
        url,
        s.getString("keyPrefix"),
        s.getInt("redisPoolSize", 1, 1024),
        s.getLong("epochCheckMs", 50, 60_000),
        mode,
        master,
        sentinels,
        clusterNodes,
        s.getLong("requestTimeoutMs", 100, 600_000));
  }

  /** {@code host:port} entries as Redis URLs; each checked. */
  private static List<String> endpoints(ConfigSection s, String key) {
    List<String> out = new ArrayList<>();
    for (String e : s.getList(key)) {
      String url = e.contains("://") ? e : "redis://" + e;
      if (!isRedisUrl(url) || URI.create(url).getPort() <= 0) {
        throw s.invalid(key, "expected host:port or redis://host:port, got \"" + e + "\"");
      }
      out.add(url);
    }
    return List.copyOf(out);
  }

  private static List<String> normalize(List<String> endpoints) {
    return endpoints.stream().map(e -> e.contains("://") ? e : "redis://" + e).toList();
  }

  private static boolean isRedisUrl(String url) {
    try {
      URI uri = URI.create(url);
      return ("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The addresses the client starts from: the sentinels, the cluster seeds or the one server. */
  public List<String> endpoints() {
    return switch (mode) {
      case SENTINEL -> sentinels;
      case CLUSTER -> clusterNodes;
      case STANDALONE -> List.of(redisUrl);
    };
  }

  /** Never prints a password in a Redis URL ({@code redis://user:password@host}). */
  @Override
  public String toString() {
    return "StoreConfig[type="
        + type
        + ", redisUrl="
        + redact(redisUrl)
        + ", keyPrefix="
        + keyPrefix
        + ", redisPoolSize="
        + redisPoolSize
        + ", epochCheckMs="
        + epochCheckMs
        + ", mode="
        + mode
        + ", sentinelMaster="
        + sentinelMaster
        + ", sentinels="
        + sentinels.stream().map(StoreConfig::redact).toList()
        + ", clusterNodes="
        + clusterNodes.stream().map(StoreConfig::redact).toList()
        + "]";
  }

  private static String redact(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }
}
