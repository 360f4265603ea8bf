package io.liveroom.room.webhooks;

import io.liveroom.infra.contracts.LiveEvent;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One POST body: {@code {"events":[...]}} with events in seq order, at most {@code maxEvents} and
 * about {@link #MAX_BYTES} (always at least one event). {@code lastSeq}: the position once it is
 * delivered.
 */
public record WebhookBatch(Buffer body, List<LiveEvent> events, long lastSeq) {
  static final int MAX_BYTES = 1 << 20;

  public static WebhookBatch of(List<LiveEvent> available, int maxEvents) {
    StringBuilder sb = new StringBuilder("{\"events\":[");
    List<LiveEvent> taken = new ArrayList<>();
    for (LiveEvent e : available) {
      if (taken.size() == maxEvents) {
        break;
      }
      String json = e.toJsonString();
      if (!taken.isEmpty() && sb.length() + json.length() > MAX_BYTES) {
        break;
      }
      if (!taken.isEmpty()) {
        sb.append(',');
      }
      sb.append(json);
      taken.add(e);
    }
    sb.append("]}");
    if (taken.isEmpty()) {
      throw new IllegalArgumentException("a batch needs an event");
    }
    return new WebhookBatch(
        Buffer.buffer(sb.toString().getBytes(StandardCharsets.UTF_8)),
        List.copyOf(taken),
        taken.get(taken.size() - 1).seq());
  }
}
