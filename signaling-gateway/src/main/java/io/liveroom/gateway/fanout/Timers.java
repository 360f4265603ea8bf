package io.liveroom.gateway.fanout;

import io.vertx.core.Vertx;

/**
 * One-shot timers, so fan-out logic runs on Vert.x in the gateway and on a manual clock in tests.
 */
public interface Timers {
  /** Runs {@code action} once after {@code delayMs}; returns the timer's id. */
  long set(long delayMs, Runnable action);

  /** Cancels a timer that has not fired yet (nothing when it has). */
  void cancel(long id);

  /** Timers on the calling Vert.x context. */
  static Timers of(Vertx vertx) {
    return new Timers() {
      @Override
      public long set(long delayMs, Runnable action) {
        return vertx.setTimer(delayMs, t -> action.run());
      }

      @Override
      public void cancel(long id) {
        vertx.cancelTimer(id);
      }
    };
  }
}
