package io.liveroom.infra.limits;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, holding at most {@code capacity}, full at
 * the start. The one rate limiter of the system (per connection at the gateway, per user and per
 * room in chat-service). Thread-safe.
 */
public final class TokenBucket {
  private final double ratePerMs;
  private final double capacity;
  private double tokens;
  private long last;

  public TokenBucket(double ratePerSecond, double capacity, long nowMs) {
    this.ratePerMs = ratePerSecond / 1000.0;
    this.capacity = capacity;
    this.tokens = capacity;
    this.last = nowMs;
  }

  /** Takes one token at {@code nowMs}; false, and nothing taken, when there is none. */
  public synchronized boolean tryTake(long nowMs) {
    refill(nowMs);
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /**
   * Whether the bucket has refilled completely by {@code nowMs} (it then carries no state worth
   * keeping).
   */
  public synchronized boolean isFull(long nowMs) {
    refill(nowMs);
    return tokens >= capacity;
  }

  private void refill(long nowMs) {
    if (nowMs > last) {
      tokens = Math.min(capacity, tokens + (nowMs - last) * ratePerMs);
      last = nowMs;
    }
  }
}
