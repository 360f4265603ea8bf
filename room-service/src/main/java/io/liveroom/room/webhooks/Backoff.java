package io.liveroom.room.webhooks;

import java.util.random.RandomGenerator;

/**
 * Retry delays: exponential from {@link #BASE_MS}, doubled per failed attempt up to {@code capMs},
 * with "equal jitter" (half fixed, half random) so endpoints and instances do not retry in step.
 */
public final class Backoff {
  static final long BASE_MS = 200;
  private final long capMs;
  private final RandomGenerator random;

  public Backoff(long capMs, RandomGenerator random) {
    this.capMs = Math.max(BASE_MS, capMs);
    this.random = random;
  }

  /** The delay before retry number {@code attempt} (1 = the first retry). */
  public long delay(int attempt) {
    long ceiling = BASE_MS << Math.min(30, Math.max(0, attempt - 1));
    long bounded = Math.min(capMs, ceiling <= 0 ? capMs : ceiling);
    long half = bounded / 2;
    return half + (half == 0 ? 0 : random.nextLong(half + 1));
  }

  public long cap() {
    return capMs;
  }
}
