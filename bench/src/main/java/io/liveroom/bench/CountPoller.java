package io.liveroom.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * S2's online-count poller: from {@link #start} until {@link #stop}, samples the count every 50 ms
 * on its own daemon thread. A sample is {@code [nanoTime, count]}, count -1 when the query failed.
 */
final class CountPoller {
  private final Callable<Integer> count;
  private final List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean stopPolling;
  private Thread poller;

  CountPoller(Callable<Integer> count) {
    this.count = count;
  }

  void start() {
    poller =
        new Thread(
            () -> {
              long end = Long.MAX_VALUE;
              while (System.nanoTime() < end) {
                try {
                  int c = count.call();
                  samples.add(new long[] {System.nanoTime(), c});
                  if (end == Long.MAX_VALUE && stopPolling) {
                    end = System.nanoTime();
                  }
                  Thread.sleep(50);
                } catch (Exception e) {
                  samples.add(new long[] {System.nanoTime(), -1});
                }
              }
            },
            "count-poller");
    poller.setDaemon(true);
    poller.start();
  }

  /** Stops polling after one more sample; waits for that at most 5 s. */
  void stop() throws InterruptedException {
    stopPolling = true;
    poller.join(5000);
  }

  /** The samples so far (a synchronized list: lock it to iterate). */
  List<long[]> samples() {
    return samples;
  }

  /**
   * When the count became exact for good: the time of the first sample of the final run of exact
   * samples (taken after {@code after} or before it), or -1 when the last sample is not exact.
   */
  static long exactSince(List<long[]> samples, int expected, long after) {
    synchronized (samples) {
      if (samples.isEmpty() || samples.get(samples.size() - 1)[1] != expected) {
        return -1;
      }
      long since = samples.get(samples.size() - 1)[0];
      for (int i = samples.size() - 1; i >= 0 && samples.get(i)[1] == expected; i--) {
        since = samples.get(i)[0];
      }
      return since;
    }
  }
}
