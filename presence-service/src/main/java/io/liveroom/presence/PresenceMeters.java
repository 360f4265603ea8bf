package io.liveroom.presence;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** presence-service's {@code liveroom_*} meters, read at scrape time from the service. */
final class PresenceMeters {
  private PresenceMeters() {}

  static void bind(MeterRegistry registry, PresenceService presence) {
    Gauge.builder("liveroom.online.users", presence, p -> p.lastView().distinctUsers())
        .description(
            "distinct users online deployment-wide, as this presence-service last counted them")
        .register(registry);
    Gauge.builder("liveroom.online.sessions", presence, p -> p.lastView().totalSessions())
        .description(
            "room sessions online deployment-wide, as this presence-service last counted them")
        .register(registry);
    FunctionCounter.builder(
            "liveroom.presence.reports.received", presence, PresenceService::reportsReceived)
        .description("gateway presence reports this presence-service received")
        .register(registry);
    FunctionCounter.builder(
            "liveroom.presence.lease.expiries", presence, PresenceService::leasesExpired)
        .description("gateway leases this presence-service found expired")
        .register(registry);
  }
}
