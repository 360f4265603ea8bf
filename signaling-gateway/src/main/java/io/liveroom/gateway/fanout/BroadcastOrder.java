package io.liveroom.gateway.fanout;

import io.vertx.core.Vertx;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Puts one room's broadcast events back in messageID order before they are written. chat-service
 * numbers broadcasts strictly but may publish them slightly out of order (concurrent appends); an
 * event that arrives ahead of a missing messageID waits here until the gap fills or {@code waitMs}
 * passes, then everything waiting goes out in order (a real gap is left for the client to fetch
 * with getMessages). Late events (at or below the last delivered messageID) go out at once. The
 * first events after the room is subscribed have no predecessor to compare with: they wait {@code
 * waitMs} too, and go out sorted. {@code waitMs} 0 delivers in arrival order. Confined to the
 * gateway's event loop.
 */
final class BroadcastOrder {
  private final Vertx vertx;
  private final long waitMs;
  private final Consumer<String> deliver;
  private final TreeMap<Long, Held> waiting = new TreeMap<>();
  private long last = -1;
  private long timer = -1;

  private record Held(long lastId, String frame) {}

  BroadcastOrder(Vertx vertx, long waitMs, Consumer<String> deliver) {
    this.vertx = vertx;
    this.waitMs = waitMs;
    this.deliver = deliver;
  }

  /** One encoded event carrying messageIDs {@code firstId..lastId}. */
  void offer(long firstId, long lastId, String frame) {
    if (waitMs <= 0 || last >= 0 && firstId <= last + 1) {
      deliver.accept(frame);
      last = Math.max(last, lastId);
      drainReady();
      return;
    }
    waiting.put(firstId, new Held(lastId, frame));
    if (timer < 0) {
      timer =
          vertx.setTimer(
              waitMs,
              t -> {
                timer = -1;
                flush();
              });
    }
  }

  /** Stops waiting (the room has no local member left). */
  void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    waiting.clear();
  }

  private void drainReady() {
    while (!waiting.isEmpty() && waiting.firstKey() <= last + 1) {
      Held h = waiting.pollFirstEntry().getValue();
      deliver.accept(h.frame());
      last = Math.max(last, h.lastId());
    }
    if (waiting.isEmpty() && timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** The wait is over: what is held goes out in order, past the gap. */
  private void flush() {
    for (Map.Entry<Long, Held> e : waiting.entrySet()) {
      deliver.accept(e.getValue().frame());
      last = Math.max(last, e.getValue().lastId());
    }
    waiting.clear();
  }
}
