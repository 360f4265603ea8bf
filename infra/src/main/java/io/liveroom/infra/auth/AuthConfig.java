package io.liveroom.infra.auth;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;

/**
 * Token and admin API secrets. An empty {@code auth.secret} is DEV MODE: tokens are signed with the
 * published {@link #DEV_SECRET}, so {@code liveroom.jar token} and a dev server agree with no
 * setup, {@code GET /dev/token} is served, and an empty {@code auth.adminSecret} means {@link
 * #DEV_ADMIN_SECRET}. Outside dev mode an empty admin secret refuses every admin request. The
 * components hold the configured values; {@link #signingSecret()} and {@link #adminBearerSecret()}
 * the effective ones. {@code auth.devMode=true} ({@link #devModeExplicit}) says dev mode is meant:
 * a clustered node refuses to start in dev mode without it, and it contradicts a configured secret.
 */
public record AuthConfig(
    String secret,
    String adminSecret,
    int maxTtlSeconds,
    int clockSkewSeconds,
    boolean devModeExplicit) {
  public static final String SECTION = "auth";

  /** Signs and verifies tokens in dev mode. Public knowledge: never protects anything. */
  public static final String DEV_SECRET = "liveroom-dev-secret-not-for-production";

  /** The admin API's bearer secret in dev mode when none is configured. Public knowledge. */
  public static final String DEV_ADMIN_SECRET = "liveroom-dev-admin-secret";

  /** Shortest accepted configured secret. */
  public static final int MIN_SECRET_LENGTH = 16;

  public AuthConfig {
    secret = secret == null ? "" : secret;
    adminSecret = adminSecret == null ? "" : adminSecret;
  }

  public AuthConfig(String secret, String adminSecret, int maxTtlSeconds, int clockSkewSeconds) {
    this(secret, adminSecret, maxTtlSeconds, clockSkewSeconds, false);
  }

  public static AuthConfig from(Config config) {
    ConfigSection s = config.section(SECTION);
    String secret = checkSecret(s, "secret", DEV_SECRET);
    String adminSecret = checkSecret(s, "adminSecret", DEV_ADMIN_SECRET);
    boolean devMode = s.getBoolean("devMode");
    if (devMode && !secret.isEmpty()) {
      throw s.invalid(
          "devMode", "is true but auth.secret is set: dev mode means no secret; drop one of them");
    }
    return new AuthConfig(
        secret,
        adminSecret,
        s.getInt("maxTtlSeconds", 1, 366 * 86_400),
        s.getInt("clockSkewSeconds", 0, 3600),
        devMode);
  }

  private static String checkSecret(ConfigSection s, String key, String devValue) {
    String value = s.getString(key);
    if (value.isEmpty()) {
      return value;
    }
    if (!value.equals(value.trim())) {
      throw s.invalid(key, "must not start or end with whitespace");
    }
    if (value.length() < MIN_SECRET_LENGTH) {
      throw s.invalid(
          key,
          "must be at least "
              + MIN_SECRET_LENGTH
              + " characters, got "
              + value.length()
              + " (leave it empty for dev mode)");
    }
    if (value.equals(devValue)) {
      throw s.invalid(
          key, "is the published dev secret; leave it empty for dev mode or set a real one");
    }
    return value;
  }

  /** No secret configured: the published dev secrets are in use and dev tokens are served. */
  public boolean devMode() {
    return secret.isEmpty();
  }

  /** The HS256 key tokens are signed and verified with. */
  public String signingSecret() {
    return devMode() ? DEV_SECRET : secret;
  }

  /**
   * The admin API's bearer secret; empty (refuse everything) outside dev mode when none is
   * configured.
   */
  public String adminBearerSecret() {
    if (!adminSecret.isEmpty()) {
      return adminSecret;
    }
    return devMode() ? DEV_ADMIN_SECRET : "";
  }

  /** Never prints the secrets. */
  @Override
  public String toString() {
    return "AuthConfig[devMode="
        + devMode()
        + ", secret="
        + (secret.isEmpty() ? "" : "***")
        + ", adminSecret="
        + (adminSecret.isEmpty() ? "" : "***")
        + ", maxTtlSeconds="
        + maxTtlSeconds
        + ", clockSkewSeconds="
        + clockSkewSeconds
        + ", devModeExplicit="
        + devModeExplicit
        + "]";
  }
}
