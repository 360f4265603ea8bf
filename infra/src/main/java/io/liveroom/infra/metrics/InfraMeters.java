package io.liveroom.infra.metrics;

import io.liveroom.infra.contracts.FailureLog;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.Set;

/** Meters of what every node has: the failure counts of {@link FailureLog} per kind. */
public final class InfraMeters {
  private InfraMeters() {}

  /**
   * {@code liveroom_failures_total{kind}}: kinds appear as they are first recorded (checked at each
   * scrape).
   */
  public static void bindFailures(NodeMetrics metrics, FailureLog log) {
    if (!metrics.enabled()) {
      return;
    }
    MeterRegistry registry = metrics.registry();
    Set<String> known = new HashSet<>();
    metrics.beforeScrape(
        () -> {
          synchronized (known) {
            for (String kind : log.counts().keySet()) {
              if (known.add(kind)) {
                FunctionCounter.builder("liveroom.failures", log, l -> l.count(kind))
                    .description("unexpected failures by kind (FailureLog)")
                    .tag("kind", kind)
                    .register(registry);
              }
            }
          }
        });
  }
}
