package io.liveroom.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.auth.AuthConfig;
import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.metrics.MetricsConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A config record that ends up in a log line or an exception message never carries a secret. */
class ConfigSecretsTest {
  @Test
  void noConfigRecordPrintsItsSecrets() {
    Config config =
        Config.of(
            Map.of(
                "gateway.turnUrls",
                "turn:turn.example.org:3478",
                "gateway.turnSecret",
                "coturn-secret-1234567",
                "store.redisUrl",
                "redis://app:redis-pass-98765@cache:6379/0",
                "auth.secret",
                "signing-secret-abcdefgh",
                "auth.adminSecret",
                "admin-secret-ijklmnop",
                "metrics.token",
                "scrape-token-qrstuvwx"));
    List<Object> records =
        List.of(
            GatewayConfig.from(config),
            StoreConfig.from(config),
            AuthConfig.from(config),
            MetricsConfig.from(config));
    for (Object r : records) {
      String text = r.toString();
      for (String secret :
          List.of(
              "coturn-secret", "redis-pass", "signing-secret", "admin-secret", "scrape-token")) {
        assertFalse(text.contains(secret), () -> text);
      }
    }
    assertTrue(GatewayConfig.from(config).toString().contains("turnSecret=***"));
    assertTrue(StoreConfig.from(config).toString().contains("redis://***@cache:6379/0"));
    assertTrue(
        GatewayConfig.from(config).toString().contains("maxFrameBytes=65536"),
        "the rest is still printed");
  }
}
