package io.liveroom.gateway.requests;

import io.liveroom.gateway.GatewayConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The RTCIceServer list a login reply carries: the configured STUN/TURN URLs, and for {@code
 * turnUrls} per-user time-limited credentials in coturn's {@code use-auth-secret} format (username
 * {@code expiry:userID}, credential base64(HMAC-SHA1(secret, username))).
 */
final class IceServers {
  private final GatewayConfig config;

  IceServers(GatewayConfig config) {
    this.config = config;
  }

  JsonArray forUser(String userId, long nowMillis) {
    JsonArray out = new JsonArray();
    if (!config.iceServers().isEmpty()) {
      out.add(new JsonObject().put("urls", new JsonArray(config.iceServers())));
    }
    if (!config.turnUrls().isEmpty()) {
      String username = (nowMillis / 1000 + config.turnTtlSeconds()) + ":" + userId;
      out.add(
          new JsonObject()
              .put("urls", new JsonArray(config.turnUrls()))
              .put("username", username)
              .put("credential", credential(config.turnSecret(), username)));
    }
    return out;
  }

  static String credential(String secret, String username) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 unavailable", e);
    }
  }
}
