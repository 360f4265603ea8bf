package io.liveroom.chat;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key (a user, a room): {@code perSecond} tokens a second, holding at most one
 * second's worth, so a quiet key may burst {@code perSecond} at once. Thread-safe. Full buckets carry
 * no information, so {@link #sweep} forgets them.
 */
final class RateLimiter {
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final double perSecond;

  RateLimiter(int perSecond) {
    this.perSecond = perSecond;
  }

  /** Takes one token for {@code key} at {@code nowMs}; false (and nothing taken) when it has none. */
  boolean tryAcquire(String key, long nowMs) {
    return buckets.computeIfAbsent(key, k -> new Bucket(perSecond, nowMs)).tryTake(perSecond, nowMs);
  }

  /** Forgets the keys whose buckets have refilled by {@code nowMs}. */
  void sweep(long nowMs) {
    buckets.entrySet().removeIf(e -> e.getValue().fullAt(perSecond, nowMs));
  }

  int size() {
    return buckets.size();
  }

  private static final class Bucket {
    private double tokens;
    private long last;

    Bucket(double capacity, long nowMs) {
      tokens = capacity;
      last = nowMs;
    }

    synchronized boolean tryTake(double perSecond, long nowMs) {
      refill(perSecond, nowMs);
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }

    synchronized boolean fullAt(double perSecond, long nowMs) {
      refill(perSecond, nowMs);
      return tokens >= perSecond;
    }

    private void refill(double perSecond, long nowMs) {
      if (nowMs > last) {
        tokens = Math.min(perSecond, tokens + (nowMs - last) * perSecond / 1000.0);
        last = nowMs;
      }
    }
  }
}
