package io.liveroom.chat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one chat-service instance, for metrics. Thread-safe; {@link #snapshot} reads them.
 */
public final class ChatMetrics {
  final LongAdder broadcasts = new LongAdder();
  final LongAdder barrageAccepted = new LongAdder();
  final LongAdder barrageDropped = new LongAdder();
  final LongAdder barrageBatches = new LongAdder();
  final LongAdder commands = new LongAdder();
  final LongAdder commandDeliveries = new LongAdder();
  final LongAdder rateLimited = new LongAdder();
  final LongAdder rejected = new LongAdder();

  /**
   * The counters at one moment. {@code barrageDropped}: barrage over a room's budget (the sender
   * got BARRAGE_THROTTLED); {@code rateLimited}: requests refused by a per-user or per-room rate;
   * {@code rejected}: requests refused for any other reason (size, membership, recipients).
   */
  public record Snapshot(
      long broadcasts,
      long barrageAccepted,
      long barrageDropped,
      long barrageBatches,
      long commands,
      long commandDeliveries,
      long rateLimited,
      long rejected) {}

  /** Reads these counters at scrape time as {@code liveroom_chat_*} (see docs/operations.md). */
  public void bind(MeterRegistry registry) {
    counter(
        registry,
        "liveroom.chat.accepted",
        "messages chat-service accepted, by kind",
        broadcasts,
        "broadcast");
    counter(
        registry,
        "liveroom.chat.accepted",
        "messages chat-service accepted, by kind",
        barrageAccepted,
        "barrage");
    counter(
        registry,
        "liveroom.chat.accepted",
        "messages chat-service accepted, by kind",
        commands,
        "custom");
    counter(
        registry,
        "liveroom.chat.barrage.throttled",
        "barrage over a room's budget, dropped (BARRAGE_THROTTLED)",
        barrageDropped,
        null);
    counter(
        registry,
        "liveroom.chat.barrage.batches",
        "merged barrage pushes published",
        barrageBatches,
        null);
    counter(
        registry,
        "liveroom.chat.command.deliveries",
        "custom commands sent on to a recipient's gateway",
        commandDeliveries,
        null);
    counter(
        registry,
        "liveroom.chat.rate.limited",
        "requests refused by a per-user or per-room rate",
        rateLimited,
        null);
    counter(
        registry,
        "liveroom.chat.rejected",
        "requests refused for another reason (size, membership, recipients)",
        rejected,
        null);
  }

  private static void counter(
      MeterRegistry registry, String name, String description, LongAdder adder, String kind) {
    FunctionCounter.Builder<LongAdder> b =
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description);
    (kind == null ? b : b.tag("kind", kind)).register(registry);
  }

  public Snapshot snapshot() {
    return new Snapshot(
        broadcasts.sum(),
        barrageAccepted.sum(),
        barrageDropped.sum(),
        barrageBatches.sum(),
        commands.sum(),
        commandDeliveries.sum(),
        rateLimited.sum(),
        rejected.sum());
  }
}
