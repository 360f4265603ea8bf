package io.liveroom.infra.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import java.util.Map;

/**
 * {@code log.format=text}: one line per event (plus the stack trace of a throwable), {@code
 * 2026-12-07T13:20:01.123Z INFO [node-1] io.liveroom.room.members - message roomID=r1 userID=u1}:
 * the ids of {@link LogFields} follow the message; other fields (a duration, a status) are for the
 * json format, the messages say them already.
 */
final class TextLayout extends LayoutBase<ILoggingEvent> {
  private final String nodeId;

  TextLayout(String nodeId) {
    this.nodeId = nodeId;
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(160).append(LogEvents.time(event)).append(' ');
    String level = event.getLevel().toString();
    line.append(level).append(" ".repeat(Math.max(1, 6 - level.length())));
    if (nodeId != null) {
      line.append('[').append(nodeId).append("] ");
    }
    line.append(event.getLoggerName()).append(" - ").append(event.getFormattedMessage());
    for (Map.Entry<String, Object> field : LogEvents.fields(event).entrySet()) {
      if (LogFields.KNOWN.contains(
          field.getKey())) { // the other fields are in the message already (json has them)
        line.append(' ').append(field.getKey()).append('=').append(field.getValue());
      }
    }
    line.append(System.lineSeparator());
    String stack = LogEvents.stackTrace(event);
    if (stack != null) {
      line.append(stack);
    }
    return line.toString();
  }
}
