package io.liveroom.infra.metrics;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;

/**
 * Section {@code metrics}: whether the node keeps metrics and serves {@code GET /metrics} ({@code
 * enabled}), the optional bearer token a scrape must carry ({@code token}; empty: none, scrape on
 * an internal port), and whether Vert.x's own HTTP server, event-bus and pool metrics are kept too
 * ({@code vertx}).
 */
public record MetricsConfig(boolean enabled, String token, boolean vertx) {
  public static final String SECTION = "metrics";

  /** Shortest accepted token. */
  public static final int MIN_TOKEN_LENGTH = 16;

  public static MetricsConfig from(Config config) {
    ConfigSection s = config.section(SECTION);
    String token = s.getString("token");
    if (!token.isEmpty() && (token.length() < MIN_TOKEN_LENGTH || !token.equals(token.strip()))) {
      throw s.invalid(
          "token",
          "must be at least "
              + MIN_TOKEN_LENGTH
              + " characters without surrounding whitespace (leave it empty for none)");
    }
    return new MetricsConfig(s.getBoolean("enabled"), token, s.getBoolean("vertx"));
  }

  /** Never prints the scrape token. */
  @Override
  public String toString() {
    return "MetricsConfig[enabled="
        + enabled
        + ", token="
        + (token == null || token.isEmpty() ? "" : "***")
        + ", vertx="
        + vertx
        + "]";
  }
}
