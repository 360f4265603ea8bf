package io.liveroom.infra.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonGenerator;
import io.liveroom.infra.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/**
 * {@code log.format=json}: one JSON object per line, {@code
 * {"time","level","logger","message","node", "thread", then roomID, userID, sessionID, streamID and
 * any other field when the event has them, and "error" with the stack trace of a throwable}}. A
 * field named like a fixed one is written as {@code field.<name>} so the fixed ones stay unique.
 */
final class JsonLayout extends LayoutBase<ILoggingEvent> {
  static final Set<String> FIXED =
      Set.of("time", "level", "logger", "message", "node", "thread", "error");
  private final String nodeId;

  JsonLayout(String nodeId) {
    this.nodeId = nodeId;
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("time", LogEvents.time(event));
      json.writeStringField("level", event.getLevel().toString());
      json.writeStringField("logger", event.getLoggerName());
      json.writeStringField("message", event.getFormattedMessage());
      json.writeStringField("node", nodeId == null ? "" : nodeId);
      json.writeStringField("thread", event.getThreadName());
      for (Map.Entry<String, Object> field : LogEvents.fields(event).entrySet()) {
        String name = FIXED.contains(field.getKey()) ? "field." + field.getKey() : field.getKey();
        Object value = field.getValue();
        if (value instanceof Number || value instanceof Boolean) {
          json.writeObjectField(name, value);
        } else {
          json.writeStringField(name, String.valueOf(value));
        }
      }
      String stack = LogEvents.stackTrace(event);
      if (stack != null) {
        json.writeStringField("error", stack);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.append(System.lineSeparator()).toString();
  }
}
