package io.liveroom.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyedRateLimiterTest {
  @Test
  void aQuietKeyBurstsOneSecondsWorthThenRefillsAtTheRate() {
    KeyedRateLimiter limiter = new KeyedRateLimiter(4);
    for (int i = 0; i < 4; i++) {
      assertTrue(limiter.tryAcquire("k", 1_000), "burst " + i);
    }
    assertFalse(limiter.tryAcquire("k", 1_000));
    assertFalse(limiter.tryAcquire("k", 1_249), "a token takes 250 ms at 4/s");
    assertTrue(limiter.tryAcquire("k", 1_250));
    assertFalse(limiter.tryAcquire("k", 1_250));
    assertTrue(limiter.tryAcquire("other", 1_250), "keys are independent");
  }

  @Test
  void refillNeverExceedsOneSecondsWorth() {
    KeyedRateLimiter limiter = new KeyedRateLimiter(2);
    assertTrue(limiter.tryAcquire("k", 0));
    int granted = 0;
    for (int i = 0; i < 10; i++) {
      granted += limiter.tryAcquire("k", 60_000) ? 1 : 0;
    }
    assertEquals(2, granted);
  }

  @Test
  void aClockGoingBackDoesNotMintTokens() {
    KeyedRateLimiter limiter = new KeyedRateLimiter(1);
    assertTrue(limiter.tryAcquire("k", 5_000));
    assertFalse(limiter.tryAcquire("k", 4_000));
    assertFalse(limiter.tryAcquire("k", 5_500));
    assertTrue(limiter.tryAcquire("k", 6_000));
  }

  @Test
  void sweepForgetsOnlyRefilledKeys() {
    KeyedRateLimiter limiter = new KeyedRateLimiter(10);
    limiter.tryAcquire("busy", 0);
    limiter.tryAcquire("idle", 0);
    limiter.sweep(50);
    assertEquals(2, limiter.size(), "neither has refilled after 50 ms");
    limiter.tryAcquire("busy", 995); // 9 tokens left, 9.05 at 1000
    limiter.sweep(1_000);
    assertEquals(1, limiter.size(), "idle refilled and is forgotten; busy is still spending");
    limiter.sweep(5_000);
    assertEquals(0, limiter.size());
  }
}
