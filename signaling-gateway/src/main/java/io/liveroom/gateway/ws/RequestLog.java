package io.liveroom.gateway.ws;

import io.liveroom.gateway.session.Session;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.logging.LogFields;
import io.vertx.core.AsyncResult;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One DEBUG line per client request (logger {@code io.liveroom.gateway.requests}): its type,
 * outcome (ok or the error's name) and duration, with the session's id and the request's roomID,
 * userID and streamID as fields. Only those ids are taken from the request, never the frame itself
 * (it can hold a token), and each is cut to {@link #MAX_FIELD} characters.
 */
final class RequestLog {
  static final String LOGGER = "io.liveroom.gateway.requests";
  static final int MAX_FIELD = 128;
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private RequestLog() {}

  static boolean enabled() {
    return LOG.isDebugEnabled();
  }

  static void done(
      Session session,
      String type,
      JsonObject request,
      long startNanos,
      AsyncResult<Reply> result) {
    String roomId = field(request.getValue("roomID"));
    String userId =
        request.getValue("user") instanceof JsonObject user ? field(user.getValue("userID")) : null;
    if (userId == null && roomId != null && session.rooms().get(roomId) != null) {
      userId = session.rooms().get(roomId).userId;
    }
    String outcome = result.succeeded() ? "ok" : Failures.classify(result.cause()).name();
    long ms = (System.nanoTime() - startNanos) / 1_000_000;
    LoggingEventBuilder line = LOG.atDebug().addKeyValue(LogFields.SESSION_ID, session.id());
    if (roomId != null) {
      line = line.addKeyValue(LogFields.ROOM_ID, roomId);
    }
    if (userId != null) {
      line = line.addKeyValue(LogFields.USER_ID, userId);
    }
    String streamId = field(request.getValue("streamID"));
    if (streamId != null) {
      line = line.addKeyValue(LogFields.STREAM_ID, streamId);
    }
    line.addKeyValue("type", type)
        .addKeyValue("outcome", outcome)
        .addKeyValue("durationMs", ms)
        .log("{} {} in {} ms", type, outcome, ms);
  }

  private static String field(Object value) {
    if (!(value instanceof String s) || s.isEmpty()) {
      return null;
    }
    return s.length() > MAX_FIELD ? s.substring(0, MAX_FIELD) : s;
  }
}
