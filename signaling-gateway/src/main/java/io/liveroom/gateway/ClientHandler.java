package io.liveroom.gateway;

import io.liveroom.infra.contracts.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Reads client frames, validates the envelope and dispatches by {@code type}. Bad input gets an
 * error reply naming the problem; the socket stays open.
 */
final class ClientHandler {
  private final Map<String, BiFunction<Session, JsonObject, Future<Reply>>> handlers = new HashMap<>();
  private final int maxFrameBytes;

  ClientHandler(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
    handle("heartbeat", (session, request) -> Future.succeededFuture(Reply.of(new JsonObject()
        .put("serverTime", System.currentTimeMillis()))));
  }

  void handle(String type, BiFunction<Session, JsonObject, Future<Reply>> handler) {
    handlers.put(type, handler);
  }

  void onText(Session session, String text) {
    if (text.length() > maxFrameBytes / 4 && text.getBytes(StandardCharsets.UTF_8).length > maxFrameBytes) {
      session.send(Protocol.error(null, ErrorCode.FRAME_TOO_LARGE,
          "frame is larger than " + maxFrameBytes + " bytes"));
      return;
    }
    JsonObject request;
    try {
      request = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      session.send(Protocol.error(null, ErrorCode.MALFORMED_JSON, "frame is not a JSON object"));
      return;
    }
    Object id = request.getValue("id");
    Object type = request.getValue("type");
    if (!(type instanceof String t)) {
      session.send(Protocol.error(id, ErrorCode.INVALID_FIELD, "type must be a string"));
      return;
    }
    var handler = handlers.get(t);
    if (handler == null) {
      session.send(Protocol.error(id, ErrorCode.UNKNOWN_TYPE, "unknown request type \"" + t + "\""));
      return;
    }
    Future<Reply> result;
    try {
      result = handler.apply(session, request);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      if (ar.failed()) {
        session.send(Protocol.error(id, ar.cause()));
        return;
      }
      session.send(Protocol.reply(id, ar.result().body()));
      if (ar.result().afterSent() != null) {
        ar.result().afterSent().run();
      }
    });
  }
}
