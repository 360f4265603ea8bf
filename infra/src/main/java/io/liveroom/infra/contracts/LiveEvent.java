package io.liveroom.infra.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.liveroom.infra.json.Json;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * One fact about a room, as the event log ({@code EventLog}), the replay API and webhooks carry it:
 * {@code {"seq", "id", "time", "type", "roomID", ...payload}} with the payload's fields flattened
 * beside the envelope's. {@code seq} is assigned by the log when the event is appended (0 before);
 * {@code id} is unique; {@code time} is epoch milliseconds of the decision.
 */
public record LiveEvent(
    long seq, String id, long time, String type, String roomID, EventPayload payload) {
  private static final String[] ENVELOPE = {"seq", "id", "time", "type", "roomID"};

  /** A new event, not yet in the log (seq 0), with a fresh id. */
  public static LiveEvent draft(String roomId, long time, EventPayload payload) {
    return new LiveEvent(0, UUID.randomUUID().toString(), time, payload.type(), roomId, payload);
  }

  public LiveEvent withSeq(long assigned) {
    return new LiveEvent(assigned, id, time, type, roomID, payload);
  }

  /** The wire form: envelope first, then the payload's fields (also what Jackson writes). */
  @JsonValue
  public ObjectNode toJson() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("seq", seq).put("id", id).put("time", time).put("type", type).put("roomID", roomID);
    JsonNode fields = Json.MAPPER.valueToTree(payload);
    for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!node.has(f.getKey())) {
        node.set(f.getKey(), f.getValue());
      }
    }
    return node;
  }

  public String toJsonString() {
    return toJson().toString();
  }

  /**
   * Reads the wire form back; fails with IllegalArgumentException on an unknown type or bad JSON.
   */
  public static LiveEvent fromJson(String json) {
    try {
      return fromJson(Json.MAPPER.readTree(json));
    } catch (IOException e) {
      throw new IllegalArgumentException("not an event: " + e.getMessage(), e);
    }
  }

  /** Reads the wire form back (also what Jackson reads). */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static LiveEvent fromJson(JsonNode node) {
    if (!(node instanceof ObjectNode)) {
      throw new IllegalArgumentException("an event is a JSON object");
    }
    String type = node.path("type").asText();
    Class<? extends EventPayload> payloadType = EventPayload.typeOf(type);
    if (payloadType == null) {
      throw new IllegalArgumentException("unknown event type \"" + type + "\"");
    }
    ObjectNode rest = ((ObjectNode) node).deepCopy();
    for (String key : ENVELOPE) {
      rest.remove(key);
    }
    try {
      EventPayload payload = Json.MAPPER.treeToValue(rest, payloadType);
      return new LiveEvent(
          node.path("seq").asLong(),
          node.path("id").asText(),
          node.path("time").asLong(),
          type,
          node.path("roomID").asText(),
          payload);
    } catch (IOException e) {
      throw new IllegalArgumentException("bad " + type + " event: " + e.getMessage(), e);
    }
  }
}
