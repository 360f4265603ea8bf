package io.liveroom.room.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void delaysDoubleWithinJitterBoundsUpToTheCap() {
    Backoff backoff = new Backoff(10_000, new Random(7));
    for (int attempt = 1; attempt <= 40; attempt++) {
      long ceiling = Math.min(10_000, Backoff.BASE_MS << Math.min(30, attempt - 1));
      for (int i = 0; i < 50; i++) {
        long d = backoff.delay(attempt);
        assertTrue(
            d >= ceiling / 2 && d <= ceiling,
            "attempt " + attempt + ": " + d + " outside [" + ceiling / 2 + ", " + ceiling + "]");
      }
    }
  }

  @Test
  void jitterSpreadsRetries() {
    Backoff backoff = new Backoff(60_000, new Random(1));
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (int i = 0; i < 100; i++) {
      seen.add(backoff.delay(5));
    }
    assertTrue(seen.size() > 50, "only " + seen.size() + " distinct delays");
  }

  @Test
  void theCapIsAtLeastTheBase() {
    assertEquals(Backoff.BASE_MS, new Backoff(1, new Random()).cap());
  }
}
