package io.liveroom.gateway;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.contracts.ServiceException;
import io.vertx.core.json.JsonObject;

/**
 * The client protocol's frames: request {@code {id, type, ...}}, reply {@code {id, ok: true, ...}}
 * or {@code {id, ok: false, error: {code, name, message}}}, push {@code {event, ...}}.
 */
final class Protocol {
  private Protocol() {}

  static JsonObject reply(Object id, JsonObject body) {
    JsonObject out = new JsonObject().put("id", id).put("ok", true);
    if (body != null) {
      out.mergeIn(body);
    }
    return out;
  }

  static JsonObject error(Object id, ErrorCode code, String message) {
    return new JsonObject().put("id", id).put("ok", false)
        .put("error", new JsonObject().put("code", code.code()).put("name", code.name())
            .put("message", message == null ? code.message() : message));
  }

  /** A failure's error reply: never a raw exception's text (see {@link Failures}). */
  static JsonObject error(Object id, Throwable failure) {
    ServiceException se = Failures.toService(failure, "a client request");
    return error(id, se.code(), se.getMessage());
  }

  static JsonObject push(String event) {
    return new JsonObject().put("event", event);
  }

  static JsonObject roomStateChanged(String roomId, String reason, int errorCode, String extendedData) {
    return push("roomStateChanged").put("roomID", roomId).put("reason", reason).put("errorCode", errorCode)
        .put("extendedData", extendedData == null ? "" : extendedData);
  }
}
