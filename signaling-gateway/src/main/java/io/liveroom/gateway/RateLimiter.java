package io.liveroom.gateway;

/**
 * A token bucket per connection: {@code rate} requests per second with bursts up to
 * {@code burst}. Counts what it rejected so the gateway can close abusive connections.
 */
final class RateLimiter {
  private final double ratePerMs;
  private final double burst;
  private double tokens;
  private long last;
  private long rejected;

  RateLimiter(int ratePerSecond, int burst, long now) {
    this.ratePerMs = ratePerSecond / 1000.0;
    this.burst = burst;
    this.tokens = burst;
    this.last = now;
  }

  boolean tryAcquire(long now) {
    tokens = Math.min(burst, tokens + (now - last) * ratePerMs);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    rejected++;
    return false;
  }

  long rejected() {
    return rejected;
  }
}
