package io.liveroom.infra.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * What both line formats take from an event: its time, its fields (MDC and key-value pairs) and its
 * stack trace.
 */
final class LogEvents {
  private LogEvents() {}

  /** ISO-8601 UTC with milliseconds, e.g. {@code 2026-12-07T13:20:01.123Z}. */
  static String time(ILoggingEvent event) {
    return Instant.ofEpochMilli(event.getTimeStamp()).truncatedTo(ChronoUnit.MILLIS).toString();
  }

  /**
   * The event's fields: the known ids first ({@link LogFields#KNOWN}), then the rest as given;
   * key-value pairs win over MDC.
   */
  static Map<String, Object> fields(ILoggingEvent event) {
    Map<String, Object> all = new LinkedHashMap<>();
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null) {
      all.putAll(mdc);
    }
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair pair : event.getKeyValuePairs()) {
        if (pair.key != null && pair.value != null) {
          all.put(pair.key, pair.value);
        }
      }
    }
    if (all.isEmpty()) {
      return all;
    }
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (String known : LogFields.KNOWN) {
      Object value = all.remove(known);
      if (value != null) {
        ordered.put(known, value);
      }
    }
    ordered.putAll(all);
    return ordered;
  }

  /** The stack trace of the event's throwable, or null. */
  static String stackTrace(ILoggingEvent event) {
    return event.getThrowableProxy() == null
        ? null
        : ThrowableProxyUtil.asString(event.getThrowableProxy());
  }
}
