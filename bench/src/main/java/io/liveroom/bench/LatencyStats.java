package io.liveroom.bench;

import org.HdrHistogram.Histogram;

/**
 * Latency bookkeeping of one measurement window: an HdrHistogram of microseconds (1 µs to 10 min, 3
 * significant digits) plus how many were expected, delivered and dropped. Values outside the
 * histogram's range are clamped, never lost. Not thread-safe: one per event loop.
 */
final class LatencyStats {
  static final long MAX_MICROS = 600_000_000L;
  private final Histogram histogram = new Histogram(1, MAX_MICROS, 3);
  private long delivered;

  /** Records one delivery; {@code micros} below 1 (clock granularity) count as 1. */
  void record(long micros) {
    histogram.recordValue(Math.max(1, Math.min(MAX_MICROS, micros)));
  }

  /** Counts one delivery whose latency was not sampled. */
  void countUnsampled() {
    delivered++;
  }

  long delivered() {
    return delivered + histogram.getTotalCount();
  }

  long sampled() {
    return histogram.getTotalCount();
  }

  void add(LatencyStats other) {
    histogram.add(other.histogram);
    delivered += other.delivered;
  }

  void reset() {
    histogram.reset();
    delivered = 0;
  }

  double percentileMs(double percentile) {
    return histogram.getTotalCount() == 0
        ? Double.NaN
        : histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  double maxMs() {
    return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
  }

  double meanMs() {
    return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMean() / 1000.0;
  }

  /**
   * Messages that should have arrived and did not: never negative (duplicates do not offset losses
   * elsewhere).
   */
  static long drops(long expected, long delivered) {
    return Math.max(0, expected - delivered);
  }

  static double dropPercent(long expected, long delivered) {
    return expected == 0 ? 0 : 100.0 * drops(expected, delivered) / expected;
  }
}
