package io.liveroom.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Login tokens for the bench users, HS256 with liveroom's published dev-mode secret
 * (docs/protocol.md, Tokens) — the same tokens {@code GET /dev/token} returns, minted here so that
 * 10,000 HTTP token fetches do not land in the server's measured CPU time.
 */
final class Jwt {
  static final String DEV_SECRET = "liveroom-dev-secret-not-for-production";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final Mac mac;

  Jwt(String secret) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  synchronized String login(String userId, String roomId, long ttlSeconds) {
    long now = System.currentTimeMillis() / 1000;
    String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    String payload =
        b64(
            "{\"userId\":\""
                + userId
                + "\",\"roomId\":\""
                + roomId
                + "\",\"privileges\":[\"login\"],"
                + "\"iat\":"
                + now
                + ",\"exp\":"
                + (now + ttlSeconds)
                + "}");
    String signingInput = header + "." + payload;
    return signingInput
        + "."
        + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
  }

  private static String b64(String s) {
    return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
