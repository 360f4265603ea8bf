package io.liveroom.gateway;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.ServiceException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's {@code liveroom_*} meters (see docs/operations.md). Counters are incremented on the
 * gateway's event loop; gauges read the gateway's own maps when scraped, which happens on that same
 * event loop ({@code GET /metrics} is one of its routes). Labels are bounded: a message kind, a
 * login's result code, never a room or a user.
 */
public final class GatewayMetrics {
  /** What a client message or push is. */
  public enum Kind {
    BROADCAST,
    BARRAGE,
    CUSTOM,
    SIGNALING;

    String label() {
      return name().toLowerCase();
    }
  }

  private static final double[] PER_FRAME_BUCKETS = {1, 2, 5, 10, 20, 50, 100, 200, 500};
  private final MeterRegistry registry;
  private final Map<String, Counter> logins = new HashMap<>();
  private final Map<Kind, Counter> received = new EnumMap<>(Kind.class);
  private final Map<Kind, Counter> throttled = new EnumMap<>(Kind.class);
  private final Map<Kind, Counter> delivered = new EnumMap<>(Kind.class);
  private final Map<Kind, Counter> frames = new EnumMap<>(Kind.class);
  private final Counter barrageDroppedMessages;
  private final DistributionSummary barragePerFrame;

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Kind kind : Kind.values()) {
      if (kind != Kind.SIGNALING) {
        received.put(
            kind, counter("liveroom.messages.received", "client messages received, by kind", kind));
        throttled.put(
            kind,
            counter(
                "liveroom.messages.throttled",
                "client messages refused by a rate limit or the room's barrage budget, by kind",
                kind));
        delivered.put(
            kind,
            counter(
                "liveroom.messages.delivered",
                "messages written to (or queued for) a member's socket, by kind; one per message per member",
                kind));
      }
      frames.put(
          kind,
          counter("liveroom.fanout.frames", "room push frames written to sockets, by kind", kind));
    }
    barrageDroppedMessages =
        Counter.builder("liveroom.messages.dropped")
            .tag("kind", Kind.BARRAGE.label())
            .description(
                "messages not written because the member's socket could not keep up (slow socket)")
            .register(registry);
    barragePerFrame =
        DistributionSummary.builder("liveroom.barrage.messages.per.frame")
            .description("barrage messages merged into one push frame")
            .serviceLevelObjectives(PER_FRAME_BUCKETS)
            .register(registry);
  }

  private Counter counter(String name, String description, Kind kind) {
    return Counter.builder(name)
        .description(description)
        .tag("kind", kind.label())
        .register(registry);
  }

  /** A gauge read at scrape time. */
  <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
    Gauge.builder(name, source, value).description(description).register(registry);
  }

  /** A counter kept elsewhere, read at scrape time. */
  <T> void counter(String name, String description, T source, ToDoubleFunction<T> value) {
    FunctionCounter.builder(name, source, value).description(description).register(registry);
  }

  /**
   * A client request completed ({@code failure} null: it succeeded): logins and messages by kind.
   */
  void requested(String type, Throwable failure) {
    Kind kind =
        switch (type) {
          case "sendBroadcastMessage" -> Kind.BROADCAST;
          case "sendBarrageMessage" -> Kind.BARRAGE;
          case "sendCustomCommand" -> Kind.CUSTOM;
          default -> null;
        };
    if (kind != null) {
      received.get(kind).increment();
      if (failure != null && throttling(code(failure))) {
        throttled.get(kind).increment();
      }
    } else if ("loginRoom".equals(type)) {
      String result = failure == null ? "OK" : code(failure).name();
      logins
          .computeIfAbsent(
              result,
              r ->
                  Counter.builder("liveroom.logins")
                      .tag("result", r)
                      .description("loginRoom requests by result (OK or the error code)")
                      .register(registry))
          .increment();
    }
  }

  private static ErrorCode code(Throwable failure) {
    return failure instanceof ServiceException se ? se.code() : ErrorCode.INTERNAL;
  }

  private static boolean throttling(ErrorCode code) {
    return code.name().endsWith("RATE_LIMITED") || code == ErrorCode.BARRAGE_THROTTLED;
  }

  /**
   * One frame of {@code messages} messages went to {@code written} members; {@code dropped} more
   * missed it.
   */
  public void barrageFrame(int messages, int written, int dropped) {
    barragePerFrame.record(messages);
    frames.get(Kind.BARRAGE).increment(written);
    delivered.get(Kind.BARRAGE).increment((double) messages * written);
    if (dropped > 0) {
      barrageDroppedMessages.increment((double) messages * dropped);
    }
  }

  /**
   * A frame of {@code messages} messages of {@code kind} (0 for signaling) was written to {@code
   * written} members.
   */
  public void frames(Kind kind, int messages, int written) {
    frames.get(kind).increment(written);
    if (messages > 0) {
      delivered.get(kind).increment((double) messages * written);
    }
  }

  /** One push of {@code kind} for one member (custom commands). */
  public void pushed(Kind kind) {
    frames(kind, 1, 1);
  }
}
