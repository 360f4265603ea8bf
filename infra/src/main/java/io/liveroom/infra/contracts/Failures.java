package io.liveroom.infra.contracts;

import io.vertx.core.eventbus.ReplyException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The one place that turns a failure that is not a {@link ServiceException} (a store client's
 * exception, a bug) into one a client may see: a store that cannot be reached (connection refused
 * or closed, Redis {@code LOADING}, {@code BUSY}, {@code READONLY}, ...) is {@link
 * ErrorCode#SERVICE_UNAVAILABLE}, a store that did not answer in time {@link
 * ErrorCode#SERVICE_TIMEOUT}, anything else {@link ErrorCode#INTERNAL}; each with a fixed message,
 * never the exception's text (which names internal addresses). The failure itself goes to {@link
 * FailureLog} (one line per kind per interval, counted per kind); an internal error's message
 * carries the reference of the log line that covers it.
 */
public final class Failures {
  /** Kinds counted by {@link FailureLog}: {@code <kind> <exception class>}. */
  public static final String STORE_UNAVAILABLE = "store-unavailable";

  public static final String STORE_TIMEOUT = "store-timeout";
  public static final String INTERNAL = "internal";
  static final String UNAVAILABLE_MESSAGE = "a store is unavailable, retry";
  static final String TIMEOUT_MESSAGE = "a store did not answer in time, retry";

  /**
   * Redis error replies that mean "not now" rather than "wrong request", and the Redis client's own
   * errors for a connection that went away under a pending command ({@code CONNECTION_CLOSED}).
   */
  private static final Set<String> REDIS_UNAVAILABLE =
      Set.of(
          "LOADING",
          "BUSY",
          "MASTERDOWN",
          "READONLY",
          "CLUSTERDOWN",
          "TRYAGAIN",
          "NOREPLICAS",
          "MISCONF",
          "OOM",
          "CONNECTION_CLOSED");

  private Failures() {}

  /** What a failure means to a client: the code (never {@code null}). */
  public static ErrorCode classify(Throwable failure) {
    if (failure instanceof ServiceException se) {
      return se.code();
    }
    if (failure instanceof ReplyException re) { // an event-bus reply not taken through Bus
      return Bus.toServiceException("", re).code();
    }
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String name = t.getClass().getName();
      if (t instanceof TimeoutException || name.endsWith("TimeoutException")) {
        return ErrorCode.SERVICE_TIMEOUT;
      }
      if (t instanceof IOException
          || t instanceof ClosedChannelException
          || redisUnavailable(t)
          || connectionClosed(t.getMessage())) {
        return ErrorCode.SERVICE_UNAVAILABLE;
      }
    }
    return ErrorCode.INTERNAL;
  }

  /**
   * {@code failure} as a {@link ServiceException} fit for a client: a ServiceException as it is,
   * anything else classified, logged to {@link FailureLog#shared()} (no stack trace for store
   * failures) and given a fixed message. {@code where} names the request for the log line.
   */
  public static ServiceException toService(Throwable failure, String where) {
    if (failure instanceof ServiceException se) {
      return se;
    }
    if (failure instanceof ReplyException re) { // the other side's failure, reported there
      return Bus.toServiceException(where, re);
    }
    ErrorCode code = classify(failure);
    String type =
        failure == null
            ? "null"
            : failure.getClass().getSimpleName().isEmpty()
                ? failure.getClass().getName()
                : failure.getClass().getSimpleName();
    return switch (code) {
      case SERVICE_UNAVAILABLE -> {
        FailureLog.shared().record(STORE_UNAVAILABLE + " " + type, where, failure, false);
        yield code.exception(UNAVAILABLE_MESSAGE);
      }
      case SERVICE_TIMEOUT -> {
        FailureLog.shared().record(STORE_TIMEOUT + " " + type, where, failure, false);
        yield code.exception(TIMEOUT_MESSAGE);
      }
      default -> {
        String ref = FailureLog.shared().record(INTERNAL + " " + type, where, failure, true);
        yield ErrorCode.INTERNAL.exception("internal error (ref " + ref + ")");
      }
    };
  }

  /**
   * Logs the failure of a background task (a periodic check, an announcement) the same way, one
   * line per kind per interval: a store outage makes every such task fail every period.
   */
  public static void logBackground(Throwable failure, String task) {
    if (failure instanceof ServiceException se) {
      FailureLog.shared().record("service " + se.code().name(), task, failure, false);
    } else {
      toService(failure, task);
    }
  }

  private static boolean redisUnavailable(Throwable t) {
    if (!t.getClass().getName().startsWith("io.vertx.redis.")) {
      return false;
    }
    String message = t.getMessage();
    if (message == null) {
      return false;
    }
    int space = message.indexOf(' ');
    return REDIS_UNAVAILABLE.contains(space < 0 ? message : message.substring(0, space));
  }

  private static boolean connectionClosed(String message) {
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase();
    return m.contains("connection refused")
        || m.contains("connection closed")
        || m.contains("connection was closed")
        || m.contains("connection reset")
        || m.contains("max wait queue")
        || m.contains("connection is closed");
  }
}
