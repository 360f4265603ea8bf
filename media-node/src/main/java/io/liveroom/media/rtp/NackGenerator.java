package io.liveroom.media.rtp;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Finds the RTP packets of one source lost on the way in and decides when to ask for them again
 * (generic NACK, RFC 4585): a gap is asked for at once, again every {@code retryMs} (about an RTT)
 * while it is missing, at most {@code maxRetries} times and only while younger than {@code
 * maxAgeMs}. Single-threaded; time is passed in.
 */
public final class NackGenerator {
  private static final int MAX_MISSING = 256;
  private static final int MAX_GAP = 1000;

  private record Missing(long firstSeenMs, long lastAskedMs, int asked) {}

  private final int retryMs;
  private final int maxRetries;
  private final int maxAgeMs;
  private final Map<Integer, Missing> missing = new LinkedHashMap<>();
  private boolean started;
  private int highest;
  private long recovered;

  public NackGenerator(int retryMs, int maxRetries, int maxAgeMs) {
    this.retryMs = retryMs;
    this.maxRetries = maxRetries;
    this.maxAgeMs = maxAgeMs;
  }

  /** Forgets the source's numbering (it resumes after a pause: the gap is not a loss). */
  public void restart() {
    started = false;
    missing.clear();
  }

  /** A packet of the source arrived (also a retransmission). */
  public void received(int seq, long nowMs) {
    if (!started) {
      started = true;
      highest = seq;
      return;
    }
    int delta = (seq - highest) & 0xFFFF;
    if (delta == 0) {
      return;
    }
    if (delta < 0x8000) {
      if (delta > MAX_GAP) { // a restart of the sequence: nothing to ask for
        missing.clear();
      } else {
        for (int s = (highest + 1) & 0xFFFF; s != seq; s = (s + 1) & 0xFFFF) {
          missing.put(s, new Missing(nowMs, Long.MIN_VALUE / 2, 0));
        }
        while (missing.size() > MAX_MISSING) {
          Iterator<Integer> it = missing.keySet().iterator();
          it.next();
          it.remove();
        }
      }
      highest = seq;
    } else if (missing.remove(seq) != null) {
      recovered++;
    }
  }

  /** Passes the sequence numbers to ask for now to {@code out}, and forgets those given up on. */
  public void due(long nowMs, IntConsumer out) {
    Iterator<Map.Entry<Integer, Missing>> it = missing.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Integer, Missing> e = it.next();
      Missing m = e.getValue();
      if (m.asked >= maxRetries || nowMs - m.firstSeenMs > maxAgeMs) {
        it.remove();
      } else if (nowMs - m.lastAskedMs >= retryMs) {
        e.setValue(new Missing(m.firstSeenMs, nowMs, m.asked + 1));
        out.accept(e.getKey());
      }
    }
  }

  public int missingCount() {
    return missing.size();
  }

  /** Gaps filled later (by a retransmission or reordering). */
  public long recovered() {
    return recovered;
  }
}
