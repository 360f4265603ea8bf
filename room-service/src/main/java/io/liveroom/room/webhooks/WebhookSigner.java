package io.liveroom.room.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signatures: {@code X-Liveroom-Signature: v1=<hex HMAC-SHA256(secret,
 * "<timestamp>.<body>")>} with {@code X-Liveroom-Timestamp: <epoch ms>}. A receiver recomputes it
 * over the raw body, compares in constant time, and rejects a timestamp outside its replay window
 * (see docs/webhooks.md).
 */
public final class WebhookSigner {
  public static final String SIGNATURE_HEADER = "X-Liveroom-Signature";
  public static final String TIMESTAMP_HEADER = "X-Liveroom-Timestamp";
  public static final String VERSION = "v1=";
  private final SecretKeySpec key;

  public WebhookSigner(String secret) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** The signature header value of {@code body} sent at {@code timestampMs}. */
  public String sign(long timestampMs, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update((timestampMs + ".").getBytes(StandardCharsets.US_ASCII));
      return VERSION + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /**
   * What a receiver does: true when {@code signature} is this secret's over {@code timestamp} and
   * {@code body}, and the timestamp is within {@code windowMs} of {@code nowMs}.
   */
  public boolean verify(
      String timestamp, String signature, byte[] body, long nowMs, long windowMs) {
    long ts;
    try {
      ts = Long.parseLong(timestamp);
    } catch (NumberFormatException | NullPointerException e) {
      return false;
    }
    if (Math.abs(nowMs - ts) > windowMs || signature == null) {
      return false;
    }
    return MessageDigest.isEqual(
        sign(ts, body).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }
}
