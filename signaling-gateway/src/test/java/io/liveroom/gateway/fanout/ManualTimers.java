package io.liveroom.gateway.fanout;

import java.util.Map;
import java.util.TreeMap;

/** {@link Timers} on a clock the test moves by hand. */
final class ManualTimers implements Timers {
  private record Due(long at, Runnable action) {}

  private final TreeMap<Long, Due> timers = new TreeMap<>();
  private long now;
  private long nextId;

  @Override
  public long set(long delayMs, Runnable action) {
    long id = nextId++;
    timers.put(id, new Due(now + delayMs, action));
    return id;
  }

  @Override
  public void cancel(long id) {
    timers.remove(id);
  }

  /** Pending timers. */
  int pending() {
    return timers.size();
  }

  /** Moves the clock forward, running each timer that comes due, in order of due time. */
  void advance(long ms) {
    long until = now + ms;
    while (true) {
      Map.Entry<Long, Due> next =
          timers.entrySet().stream()
              .filter(e -> e.getValue().at() <= until)
              .min((a, b) -> Long.compare(a.getValue().at(), b.getValue().at()))
              .orElse(null);
      if (next == null) {
        break;
      }
      timers.remove(next.getKey());
      now = next.getValue().at();
      next.getValue().action().run();
    }
    now = until;
  }
}
