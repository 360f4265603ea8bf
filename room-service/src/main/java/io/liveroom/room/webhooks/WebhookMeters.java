package io.liveroom.room.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Webhook meters per endpoint (tag {@code endpoint}: scheme, host, port and path, never a query):
 * {@code liveroom.webhooks.delivered} events, {@code liveroom.webhooks.failed.attempts} and the
 * gauge {@code liveroom.webhooks.failing} (1 while the endpoint is marked failing).
 */
public final class WebhookMeters {
  private final MeterRegistry registry;

  public WebhookMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  public Endpoint endpoint(String url) {
    URI uri = URI.create(url);
    String tag =
        uri.getScheme()
            + "://"
            + uri.getHost()
            + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
            + (uri.getPath() == null ? "" : uri.getPath());
    AtomicInteger failing = new AtomicInteger();
    Gauge.builder("liveroom.webhooks.failing", failing, AtomicInteger::get)
        .tag("endpoint", tag)
        .description(
            "1 while the webhook endpoint is marked failing (retries exhausted, still probed)")
        .register(registry);
    return new Endpoint(
        Counter.builder("liveroom.webhooks.delivered")
            .tag("endpoint", tag)
            .description("events this instance delivered to the webhook endpoint (2xx)")
            .register(registry),
        Counter.builder("liveroom.webhooks.failed.attempts")
            .tag("endpoint", tag)
            .description("webhook POSTs that failed (no answer, timeout or non-2xx)")
            .register(registry),
        failing);
  }

  /** One endpoint's meters. */
  public record Endpoint(
      Counter deliveredEvents, Counter failedAttempts, AtomicInteger failingFlag) {
    void delivered(int events) {
      deliveredEvents.increment(events);
    }

    void failedAttempt() {
      failedAttempts.increment();
    }

    void failing(boolean on) {
      failingFlag.set(on ? 1 : 0);
    }
  }
}
