package io.liveroom.infra.contracts;

import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Logs unexpected failures without flooding: at most one line per failure kind per interval, saying
 * how many of that kind were suppressed since the previous line, and counts every failure per kind.
 * Each kind's interval has a reference (8 hex digits) that is in its log line; clients given that
 * reference for a failure of the interval find it in the log. Thread-safe.
 */
public final class FailureLog {
  /** The default interval between two lines of one kind. */
  public static final long DEFAULT_INTERVAL_MS = 10_000;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final FailureLog SHARED =
      new FailureLog(
          System.getLogger("io.liveroom.failures"), DEFAULT_INTERVAL_MS, System::currentTimeMillis);
  private final System.Logger logger;
  private final long intervalMs;
  private final LongSupplier clock;
  private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

  public FailureLog(System.Logger logger, long intervalMs, LongSupplier clock) {
    this.logger = logger;
    this.intervalMs = intervalMs;
    this.clock = clock;
  }

  /** The log every part of this JVM reports to (logger {@code io.liveroom.failures}). */
  public static FailureLog shared() {
    return SHARED;
  }

  /** Per-kind state: guarded by itself. */
  private static final class Kind {
    long total;
    long suppressed;
    long windowStart = Long.MIN_VALUE;
    String ref;
  }

  /**
   * Counts one failure of {@code kind} and logs it unless a line of that kind went out less than an
   * interval ago; {@code withTrace} adds the stack trace to the line. Returns the reference of the
   * line that covers this failure.
   */
  public String record(String kind, String where, Throwable failure, boolean withTrace) {
    Kind k = kinds.computeIfAbsent(kind, x -> new Kind());
    long now = clock.getAsLong();
    String line;
    String ref;
    synchronized (k) {
      k.total++;
      if (k.ref != null && now - k.windowStart < intervalMs) {
        k.suppressed++;
        return k.ref;
      }
      long suppressed = k.suppressed;
      k.suppressed = 0;
      k.windowStart = now;
      k.ref = ref = newRef();
      line =
          kind
              + " [ref "
              + ref
              + "] at "
              + where
              + ": "
              + describe(failure)
              + (suppressed > 0
                  ? " (" + suppressed + " more of this kind since the last line)"
                  : "")
              + "; at most one line per "
              + intervalMs / 1000
              + " s for this kind";
    }
    if (withTrace) {
      logger.log(System.Logger.Level.ERROR, line, failure);
    } else {
      logger.log(System.Logger.Level.WARNING, line);
    }
    return ref;
  }

  /** How many failures of {@code kind} were recorded. */
  public long count(String kind) {
    Kind k = kinds.get(kind);
    if (k == null) {
      return 0;
    }
    synchronized (k) {
      return k.total;
    }
  }

  /** Every kind recorded so far with its count, sorted by kind. */
  public Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    kinds.keySet().forEach(kind -> out.put(kind, count(kind)));
    return out;
  }

  private static String describe(Throwable failure) {
    return failure == null
        ? "(no exception)"
        : failure.getClass().getName() + ": " + failure.getMessage();
  }

  private static String newRef() {
    return String.format("%08x", RANDOM.nextInt());
  }
}
