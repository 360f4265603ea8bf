package io.liveroom.gateway.http;

import io.liveroom.gateway.ws.Protocol;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.contracts.ServiceException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Error writing of the admin API: the HTTP status of each error code and the shared error body. */
final class AdminErrors {
  private AdminErrors() {}

  /**
   * The error status and body of a failed call; store failures are 503/504, never a raw exception's
   * text.
   */
  static void fail(RoutingContext ctx, Throwable failure) {
    ServiceException se =
        Failures.toService(failure, ctx.request().method() + " " + ctx.request().path());
    ctx.response().setStatusCode(status(se.code()));
    HttpText.json(
        ctx, new JsonObject().put("error", Protocol.error(null, se).getJsonObject("error")));
  }

  static int status(ErrorCode code) {
    return switch (code) {
      case BAD_REQUEST,
          INVALID_FIELD,
          MALFORMED_JSON,
          MESSAGE_EMPTY,
          TOO_MANY_RECIPIENTS,
          INVALID_SDP ->
          400;
      case ADMIN_UNAUTHORIZED, TOKEN_MISSING, TOKEN_MALFORMED, TOKEN_BAD_SIGNATURE, TOKEN_EXPIRED ->
          401;
      case TOKEN_WRONG_USER,
          TOKEN_WRONG_ROOM,
          TOKEN_NO_LOGIN_PRIVILEGE,
          TOKEN_NO_PUBLISH_PRIVILEGE,
          TOKEN_STREAM_NOT_ALLOWED ->
          403;
      case ROOM_NOT_FOUND, STREAM_NOT_FOUND, MEDIA_PEER_NOT_FOUND, USER_NOT_IN_ROOM -> 404;
      case STREAM_ID_TAKEN, ROOM_FULL -> 409;
      case FRAME_TOO_LARGE, MESSAGE_TOO_LARGE, BODY_TOO_LARGE -> 413;
      case UNSUPPORTED_MEDIA_TYPE -> 415;
      case RATE_LIMITED,
          BROADCAST_USER_RATE_LIMITED,
          BROADCAST_ROOM_RATE_LIMITED,
          BARRAGE_USER_RATE_LIMITED,
          BARRAGE_THROTTLED,
          COMMAND_USER_RATE_LIMITED,
          COMMAND_ROOM_RATE_LIMITED ->
          429;
      case SERVICE_UNAVAILABLE, SHUTTING_DOWN, MEDIA_UNAVAILABLE, TOO_MANY_MEDIA_RESOURCES -> 503;
      case SERVICE_TIMEOUT -> 504;
      default -> 500;
    };
  }
}
