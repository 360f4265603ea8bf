package io.liveroom.gateway.ws;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.contracts.ServiceException;
import io.liveroom.infra.text.Unicode;
import io.vertx.core.json.JsonObject;

/**
 * The client protocol's frames: request {@code {id, type, ...}}, reply {@code {id, ok: true, ...}}
 * or {@code {id, ok: false, error: {code, name, message}}}, push {@code {event, ...}}.
 */
public final class Protocol {
  /** The longest string request id. */
  static final int MAX_REQUEST_ID_LENGTH = 128;

  /**
   * The largest integer request id: every JSON reader (a JavaScript number too) holds it exactly.
   */
  static final long MAX_REQUEST_ID = (1L << 53) - 1;

  static final String REQUEST_ID_RULE =
      "id must be an integer within +-(2^53-1) or a string of at most "
          + MAX_REQUEST_ID_LENGTH
          + " characters of valid Unicode";

  private Protocol() {}

  /**
   * Whether a request's id can be echoed exactly: absent, an integer within +-(2^53-1), or a string
   * of at most {@link #MAX_REQUEST_ID_LENGTH} characters without unpaired surrogates. Anything else
   * (fractions and exponents, which arrive as doubles, 1e999 as Infinity; larger integers;
   * booleans, objects, arrays) would come back changed, so it is refused with {@link
   * #REQUEST_ID_RULE}.
   */
  static boolean echoableId(Object id) {
    if (id == null || id instanceof Integer) {
      return true;
    }
    if (id instanceof Long l) {
      return l >= -MAX_REQUEST_ID && l <= MAX_REQUEST_ID;
    }
    return id instanceof String s && s.length() <= MAX_REQUEST_ID_LENGTH && Unicode.isValid(s);
  }

  static JsonObject reply(Object id, JsonObject body) {
    JsonObject out = new JsonObject().put("id", id).put("ok", true);
    if (body != null) {
      out.mergeIn(body);
    }
    return out;
  }

  public static JsonObject error(Object id, ErrorCode code, String message) {
    return new JsonObject()
        .put("id", id)
        .put("ok", false)
        .put(
            "error",
            new JsonObject()
                .put("code", code.code())
                .put("name", code.name())
                .put("message", message == null ? code.message() : message));
  }

  /** A failure's error reply: never a raw exception's text (see {@link Failures}). */
  public static JsonObject error(Object id, Throwable failure) {
    ServiceException se = Failures.toService(failure, "a client request");
    return error(id, se.code(), se.getMessage());
  }

  public static JsonObject push(String event) {
    return new JsonObject().put("event", event);
  }

  public static JsonObject roomStateChanged(
      String roomId, String reason, int errorCode, String extendedData) {
    return push("roomStateChanged")
        .put("roomID", roomId)
        .put("reason", reason)
        .put("errorCode", errorCode)
        .put("extendedData", extendedData == null ? "" : extendedData);
  }
}
