package io.liveroom.chat;

import io.liveroom.infra.limits.TokenBucket;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key (a user, a room): {@code perSecond} tokens a second, holding at most one
 * second's worth, so a quiet key may burst {@code perSecond} at once. Thread-safe. Full buckets
 * carry no information, so {@link #sweep} forgets them.
 */
final class KeyedRateLimiter {
  private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final double perSecond;

  KeyedRateLimiter(int perSecond) {
    this.perSecond = perSecond;
  }

  /**
   * Takes one token for {@code key} at {@code nowMs}; false (and nothing taken) when it has none.
   */
  boolean tryAcquire(String key, long nowMs) {
    return buckets
        .computeIfAbsent(key, k -> new TokenBucket(perSecond, perSecond, nowMs))
        .tryTake(nowMs);
  }

  /** Forgets the keys whose buckets have refilled by {@code nowMs}. */
  void sweep(long nowMs) {
    buckets.entrySet().removeIf(e -> e.getValue().isFull(nowMs));
  }

  int size() {
    return buckets.size();
  }
}
