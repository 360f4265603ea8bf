package io.liveroom.presence;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;

/**
 * presence-service settings (section {@code presence}); gateways read {@code reportIntervalMs} and
 * {@code leaseTtlMs} too, and every {@link io.liveroom.infra.contracts.LeaseAck} repeats them.
 *
 * @param leaseTtlMs how long a gateway's report counts without a newer one (its lease)
 * @param reportIntervalMs how often each gateway reports; at least two reports fit in one lease
 * @param pushIntervalMs how often changed room counts are pushed to the rooms
 * @param expiryScanMs how often expired leases are looked for (GatewayExpired is this late at most)
 * @param viewMaxAgeMs how old the aggregated counts a query is answered from may be (0: always
 *     fresh)
 * @param topN rooms in an online summary when the query names no number
 * @param maxTopN the most rooms an online summary lists
 */
public record PresenceConfig(
    long leaseTtlMs,
    long reportIntervalMs,
    long pushIntervalMs,
    long expiryScanMs,
    long viewMaxAgeMs,
    int topN,
    int maxTopN) {
  public static final String SECTION = "presence";
  private static final long HOUR_MS = 3_600_000;

  public PresenceConfig {
    if (reportIntervalMs * 2 > leaseTtlMs) {
      throw new IllegalArgumentException("reportIntervalMs must be at most half of leaseTtlMs");
    }
  }

  public static PresenceConfig from(Config config) {
    ConfigSection s = config.section(SECTION);
    long ttl = s.getLong("leaseTtlMs", 100, HOUR_MS);
    long report = s.getLong("reportIntervalMs", 10, HOUR_MS);
    if (report * 2 > ttl) {
      throw s.invalid(
          "reportIntervalMs",
          "must be at most half of presence.leaseTtlMs ("
              + ttl
              + ") so that one lost report does not expire a live gateway, got "
              + report);
    }
    long push = s.getLong("pushIntervalMs", 10, HOUR_MS);
    long scan = s.getLong("expiryScanMs", 10, HOUR_MS);
    if (scan > ttl) {
      throw s.invalid(
          "expiryScanMs", "must be at most presence.leaseTtlMs (" + ttl + "), got " + scan);
    }
    long viewAge = s.getLong("viewMaxAgeMs", 0, HOUR_MS);
    if (viewAge > report) {
      throw s.invalid(
          "viewMaxAgeMs",
          "must be at most presence.reportIntervalMs (" + report + "), got " + viewAge);
    }
    int maxTopN = s.getInt("maxTopN", 1, 100_000);
    int topN = s.getInt("topN", 1, 100_000);
    if (topN > maxTopN) {
      throw s.invalid("topN", "must be at most presence.maxTopN (" + maxTopN + "), got " + topN);
    }
    return new PresenceConfig(ttl, report, push, scan, viewAge, topN, maxTopN);
  }

  /** How long the count-push leadership lasts without renewal: three push rounds. */
  public long pushLeadershipTtlMs() {
    return pushIntervalMs * 3;
  }
}
