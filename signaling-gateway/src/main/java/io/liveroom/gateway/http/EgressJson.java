package io.liveroom.gateway.http;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.contracts.ServiceException;
import io.liveroom.infra.store.EgressJobRecord;
import io.liveroom.infra.text.Unicode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The egress routes' shared JSON: job records, request bodies, responses and errors. */
final class EgressJson {
  static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@\\-]{1,256}");

  private EgressJson() {}

  static JsonObject json(EgressJobRecord j) {
    return new JsonObject()
        .put("jobID", j.jobId())
        .put("kind", j.kind())
        .put("streamID", j.streamId())
        .put("roomID", j.roomId())
        .put("state", j.state())
        .put("egressNodeID", j.egressNodeId())
        .put("mediaNodeID", j.mediaNodeId())
        .put("output", j.output())
        .put("manifest", j.manifest())
        .put("codec", j.codec())
        .put("error", j.error())
        .put("startedAt", j.startedAt())
        .put("endedAt", j.endedAt())
        .put("updatedAt", j.updatedAt())
        .put("restarts", j.restarts());
  }

  static JsonObject body(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null) {
      throw ErrorCode.MALFORMED_JSON.exception("the body must be a JSON object");
    }
    Unicode.requireValid(body, "");
    return body;
  }

  static void respond(RoutingContext ctx, Function<RoutingContext, Future<JsonObject>> handler) {
    Future<JsonObject> result;
    try {
      result = handler.apply(ctx);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(body -> write(ctx, 200, body)).onFailure(e -> fail(ctx, e));
  }

  static void fail(RoutingContext ctx, Throwable failure) {
    ServiceException se =
        Failures.toService(failure, ctx.request().method() + " " + ctx.request().path());
    write(
        ctx,
        status(se.code()),
        new JsonObject()
            .put(
                "error",
                new JsonObject()
                    .put("code", se.code().code())
                    .put("name", se.code().name())
                    .put(
                        "message",
                        se.getMessage() == null ? se.code().message() : se.getMessage())));
  }

  private static void write(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(Buffer.buffer(Unicode.utf8(body.encode())));
  }

  static int status(ErrorCode code) {
    return switch (code) {
      case INVALID_FIELD, MALFORMED_JSON, BAD_REQUEST, EGRESS_TRANSCODE_DISABLED -> 400;
      case TOKEN_MISSING, TOKEN_MALFORMED, TOKEN_BAD_SIGNATURE, TOKEN_EXPIRED, ADMIN_UNAUTHORIZED ->
          401;
      case TOKEN_WRONG_USER,
          TOKEN_WRONG_ROOM,
          TOKEN_NO_LOGIN_PRIVILEGE,
          TOKEN_NO_PUBLISH_PRIVILEGE,
          TOKEN_STREAM_NOT_ALLOWED ->
          403;
      case STREAM_NOT_FOUND, EGRESS_JOB_NOT_FOUND -> 404;
      case BODY_TOO_LARGE -> 413;
      case UNSUPPORTED_MEDIA_TYPE -> 415;
      case SERVICE_UNAVAILABLE, SHUTTING_DOWN, EGRESS_UNAVAILABLE -> 503;
      case SERVICE_TIMEOUT -> 504;
      default -> 500;
    };
  }
}
