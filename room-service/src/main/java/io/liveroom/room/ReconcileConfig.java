package io.liveroom.room;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;
import io.liveroom.infra.config.EventsConfig;

/**
 * The event log's reconciliation with the membership store ({@link Reconciliation}), in the {@code
 * events} section: a pass every {@code reconcileMs}; a difference is acted on once it has lasted
 * {@code reconcileGraceMs} over two passes at least. One room-service instance reconciles at a time
 * (a lease of three intervals).
 */
public record ReconcileConfig(long intervalMs, long graceMs) {
  public static ReconcileConfig from(Config config) {
    ConfigSection s = config.section(EventsConfig.SECTION);
    return new ReconcileConfig(
        s.getLong("reconcileMs", 100, 3_600_000), s.getLong("reconcileGraceMs", 0, 86_400_000));
  }

  /** How long the reconciling instance's lease lasts (renewed every pass). */
  public long leaseMs() {
    return 3 * intervalMs;
  }
}
