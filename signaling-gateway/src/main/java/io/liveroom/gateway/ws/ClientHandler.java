package io.liveroom.gateway.ws;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.session.Session;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.ServiceException;
import io.liveroom.infra.text.Unicode;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * Reads client frames: rate limit, size, JSON envelope, request id ({@link Protocol#echoableId}),
 * every string of the frame valid Unicode ({@link Unicode#requireValid}), then dispatch by {@code
 * type}. Bad input gets an error reply naming the problem and the socket stays open; a connection
 * whose rejected requests pass {@code abuseRejectLimit} is closed with {@link CloseCodes#ABUSE}.
 */
public final class ClientHandler {
  private final Map<String, BiFunction<Session, JsonObject, Future<Reply>>> handlers =
      new HashMap<>();
  private final GatewayConfig config;
  private BiConsumer<String, Throwable> observer = (type, failure) -> {};

  public ClientHandler(GatewayConfig config) {
    this.config = config;
    handle(
        "heartbeat",
        (session, request) ->
            Future.succeededFuture(
                Reply.of(new JsonObject().put("serverTime", System.currentTimeMillis()))));
  }

  public void handle(String type, BiFunction<Session, JsonObject, Future<Reply>> handler) {
    handlers.put(type, handler);
  }

  /** Told of every dispatched request's type and outcome (null on success), for metrics. */
  public void observe(BiConsumer<String, Throwable> observer) {
    this.observer = observer;
  }

  public void onText(Session session, String text) {
    if (!admitted(session, text)) {
      return;
    }
    int max = config.maxFrameBytes();
    if (text.length() > max / 4 && text.getBytes(StandardCharsets.UTF_8).length > max) {
      session.send(
          Protocol.error(
              null, ErrorCode.FRAME_TOO_LARGE, "frame is larger than " + max + " bytes"));
      return;
    }
    JsonObject request;
    try {
      request = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      session.send(Protocol.error(null, ErrorCode.MALFORMED_JSON, "frame is not a JSON object"));
      return;
    }
    dispatch(session, request);
  }

  /**
   * Binary frames are not part of the protocol: an error reply, counted against the rate limit like
   * any frame.
   */
  public void onBinary(Session session) {
    unreadable(session, "binary frames are not supported: send JSON text frames");
  }

  /** A text message that is not valid UTF-8: an error reply, as for binary frames. */
  public void onInvalidText(Session session) {
    unreadable(session, "the text frame is not valid UTF-8");
  }

  private void unreadable(Session session, String why) {
    if (admitted(session, null)) {
      session.send(Protocol.error(null, ErrorCode.MALFORMED_JSON, why));
    }
  }

  /**
   * Counts a frame as a heartbeat and against the rate limit; false (after answering or closing)
   * when it is over.
   */
  private boolean admitted(Session session, String text) {
    long now = System.currentTimeMillis();
    session.touch(now);
    if (session.limiter().tryAcquire(now)) {
      return true;
    }
    if (session.limiter().rejected() > config.abuseRejectLimit()) {
      session.close(CloseCodes.ABUSE, "request flood");
    } else {
      session.send(
          Protocol.error(
              text == null ? null : idOf(text),
              ErrorCode.RATE_LIMITED,
              "more than " + config.requestsPerSecond() + " requests per second"));
    }
    return false;
  }

  private void dispatch(Session session, JsonObject request) {
    Object id = request.getValue("id");
    if (!Protocol.echoableId(id)) {
      session.send(Protocol.error(null, ErrorCode.INVALID_FIELD, Protocol.REQUEST_ID_RULE));
      return;
    }
    try { // every string of the frame, whatever handler reads it: no handler can forget
      Unicode.requireValid(request, "");
    } catch (ServiceException e) {
      session.send(Protocol.error(id, e));
      return;
    }
    Object type = request.getValue("type");
    if (!(type instanceof String t)) {
      session.send(Protocol.error(id, ErrorCode.INVALID_FIELD, "type must be a string"));
      return;
    }
    var handler = handlers.get(t);
    if (handler == null) {
      session.send(
          Protocol.error(id, ErrorCode.UNKNOWN_TYPE, "unknown request type \"" + t + "\""));
      return;
    }
    Future<Reply> result;
    long start = System.nanoTime();
    try {
      result = handler.apply(session, request);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(
        ar -> {
          if (RequestLog.enabled()) {
            RequestLog.done(session, t, request, start, ar);
          }
          observer.accept(t, ar.cause());
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

  /** The id of a rejected frame, if it is cheap to find (small and valid JSON). */
  private static Object idOf(String text) {
    if (text.length() > 4096) {
      return null;
    }
    try {
      Object id = new JsonObject(text).getValue("id");
      return Protocol.echoableId(id) ? id : null;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
