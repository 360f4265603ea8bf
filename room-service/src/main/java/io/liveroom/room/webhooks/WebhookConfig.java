package io.liveroom.room.webhooks;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;
import java.net.URI;
import java.util.List;

/**
 * Webhooks: the endpoints ({@code urls}, http or https; none: off), the HMAC {@code secret}
 * (required with endpoints), how long failures are retried with backoff before an endpoint is
 * marked failing ({@code maxRetryMs}; it is then still probed at the longest backoff), events per
 * POST ({@code batchSize}), the delivery lease ({@code leaseMs}), the request timeout ({@code
 * timeoutMs}) and how often an idle deliverer looks for new events ({@code pollMs}).
 */
public record WebhookConfig(
    List<String> urls,
    String secret,
    long maxRetryMs,
    int batchSize,
    long leaseMs,
    long timeoutMs,
    long pollMs) {
  public static final String SECTION = "webhooks";

  public static WebhookConfig from(Config config) {
    ConfigSection s = config.section(SECTION);
    List<String> urls = s.getList("urls");
    for (String url : urls) {
      try {
        URI uri = URI.create(url);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            || uri.getHost() == null) {
          throw s.invalid("urls", "expected http(s)://host[:port]/path, got \"" + url + "\"");
        }
      } catch (IllegalArgumentException e) {
        throw s.invalid("urls", "expected http(s)://host[:port]/path, got \"" + url + "\"");
      }
    }
    String secret = s.getString("secret");
    if (!urls.isEmpty() && secret.length() < 16) {
      throw s.invalid("secret", "webhooks need a secret of at least 16 characters to sign with");
    }
    return new WebhookConfig(
        urls,
        secret,
        s.getLong("maxRetryMs", 1_000, 7L * 24 * 3600 * 1000),
        s.getInt("batchSize", 1, 10_000),
        s.getLong("leaseMs", 1_000, 600_000),
        s.getLong("timeoutMs", 100, 600_000),
        s.getLong("pollMs", 10, 60_000));
  }

  public boolean enabled() {
    return !urls.isEmpty();
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "WebhookConfig[urls="
        + urls
        + ", secret=***, maxRetryMs="
        + maxRetryMs
        + ", batchSize="
        + batchSize
        + ", leaseMs="
        + leaseMs
        + ", timeoutMs="
        + timeoutMs
        + ", pollMs="
        + pollMs
        + "]";
  }
}
