package io.liveroom.room.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
  private static final byte[] BODY = "{\"events\":[]}".getBytes(StandardCharsets.UTF_8);

  @Test
  void signatureIsHmacSha256OfTimestampDotBodyInHex() {
    // printf '%s' '1700000000000.{"events":[]}' | openssl dgst -sha256 -hmac 0123456789abcdef
    assertEquals(
        "v1=16893fe33b9a6ffbabcd96ae7aca5c87ba25f929e60f10f3a8dcf1b2d4eaed42",
        new WebhookSigner("0123456789abcdef").sign(1_700_000_000_000L, BODY));
  }

  @Test
  void verifyAcceptsOnlyTheSameSecretBodyAndTimestampWithinTheWindow() {
    WebhookSigner signer = new WebhookSigner("0123456789abcdef");
    long ts = 1_700_000_000_000L;
    String sig = signer.sign(ts, BODY);
    assertTrue(signer.verify(Long.toString(ts), sig, BODY, ts + 1_000, 300_000));
    assertFalse(
        signer.verify(
            Long.toString(ts),
            sig,
            "{\"events\":[1]}".getBytes(StandardCharsets.UTF_8),
            ts,
            300_000));
    assertFalse(
        new WebhookSigner("another-secret-16").verify(Long.toString(ts), sig, BODY, ts, 300_000));
    assertFalse(
        signer.verify(Long.toString(ts + 1), sig, BODY, ts, 300_000), "the timestamp is signed");
    assertFalse(
        signer.verify(Long.toString(ts), sig, BODY, ts + 300_001, 300_000),
        "replayed outside the window");
    assertFalse(signer.verify("soon", sig, BODY, ts, 300_000));
    assertFalse(signer.verify(Long.toString(ts), null, BODY, ts, 300_000));
  }
}
