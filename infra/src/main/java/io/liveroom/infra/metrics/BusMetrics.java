package io.liveroom.infra.metrics;

import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Event-bus request latency per address ({@code liveroom_bus_request_seconds}, a histogram with
 * fixed buckets) and timeouts ({@code liveroom_bus_timeouts_total}); addresses that end in an id
 * are reported by their prefix ({@link Addresses#metricName}), so the label set stays bounded.
 */
public final class BusMetrics implements Bus.Observer {
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5)
  };
  private final MeterRegistry registry;
  private final Map<String, Meters> byAddress = new ConcurrentHashMap<>();

  private record Meters(Timer latency, Counter timeouts) {}

  public BusMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void completed(String address, long nanos, ErrorCode failure) {
    Meters m = byAddress.get(address);
    if (m == null) {
      m = byAddress.computeIfAbsent(address, this::meters);
    }
    m.latency().record(nanos, TimeUnit.NANOSECONDS);
    if (failure == ErrorCode.SERVICE_TIMEOUT) {
      m.timeouts().increment();
    }
  }

  private Meters meters(String address) {
    String name = Addresses.metricName(address);
    return new Meters(
        Timer.builder("liveroom.bus.request")
            .description("event-bus request latency by address")
            .tag("address", name)
            .serviceLevelObjectives(BUCKETS)
            .register(registry),
        Counter.builder("liveroom.bus.timeouts")
            .description("event-bus requests that timed out, by address")
            .tag("address", name)
            .register(registry));
  }
}
