package io.liveroom.gateway.ws;

import io.liveroom.infra.limits.TokenBucket;

/**
 * A connection's request rate: {@code rate} requests per second with bursts up to {@code burst}.
 * Counts what it rejected so the gateway can close abusive connections.
 */
public final class ConnectionRateLimiter {
  private final TokenBucket bucket;
  private long rejected;

  public ConnectionRateLimiter(int ratePerSecond, int burst, long now) {
    this.bucket = new TokenBucket(ratePerSecond, burst, now);
  }

  boolean tryAcquire(long now) {
    if (bucket.tryTake(now)) {
      return true;
    }
    rejected++;
    return false;
  }

  long rejected() {
    return rejected;
  }
}
