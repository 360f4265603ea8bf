package io.liveroom.chat;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one chat-service instance, for metrics. Thread-safe; {@link #snapshot} reads them. */
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
   * The counters at one moment. {@code barrageDropped}: barrage over a room's budget (the sender got
   * BARRAGE_THROTTLED); {@code rateLimited}: requests refused by a per-user or per-room rate;
   * {@code rejected}: requests refused for any other reason (size, membership, recipients).
   */
  public record Snapshot(long broadcasts, long barrageAccepted, long barrageDropped, long barrageBatches,
      long commands, long commandDeliveries, long rateLimited, long rejected) {}

  public Snapshot snapshot() {
    return new Snapshot(broadcasts.sum(), barrageAccepted.sum(), barrageDropped.sum(), barrageBatches.sum(),
        commands.sum(), commandDeliveries.sum(), rateLimited.sum(), rejected.sum());
  }
}
