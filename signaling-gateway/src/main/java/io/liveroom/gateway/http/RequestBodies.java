package io.liveroom.gateway.http;

import io.liveroom.gateway.ws.Protocol;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.ServiceException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;

/**
 * The one way the gateway reads a request body: in memory, up to a limit, never to disk. A route
 * that reads one gets, after its authorization, a media-type check (anything else, multipart
 * included: 415 {@code UNSUPPORTED_MEDIA_TYPE}, before a byte of the body is read), then Vert.x's
 * body handler with file uploads off and the route's limit (a larger declared {@code
 * Content-Length}, or more bytes streamed: 413 {@code BODY_TOO_LARGE}). Rejections are the usual
 * JSON error and close the connection once written, so a body nobody will read is not received.
 */
final class RequestBodies {
  static final String JSON = "application/json";
  static final String SDP = "application/sdp";

  private RequestBodies() {}

  /**
   * Adds the body handlers for POSTs to {@code path} (after the routes added so far, such as its
   * authorization): bodies of media type {@code type} up to {@code maxBytes}; {@code typeOptional}:
   * a request without a Content-Type is taken as {@code type}.
   */
  static void read(Router router, String path, String type, boolean typeOptional, int maxBytes) {
    router
        .post(path)
        .handler(
            ctx -> {
              String actual = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
              if (actual == null ? typeOptional : type.equals(mediaType(actual))) {
                ctx.next();
              } else {
                reject(
                    ctx,
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE.exception(
                        "the body must be "
                            + type
                            + ", not "
                            + (actual == null ? "untyped" : actual)));
              }
            });
    Route body =
        router
            .post(path)
            .handler(
                BodyHandler.create(false).setBodyLimit(maxBytes).setMergeFormAttributes(false));
    body.failureHandler(
        ctx -> {
          if (ctx.statusCode() == 413) {
            reject(
                ctx, ErrorCode.BODY_TOO_LARGE.exception("the body exceeds " + maxBytes + " bytes"));
          } else if (ctx.statusCode() == 400 || ctx.statusCode() == 417) {
            reject(ctx, ErrorCode.BAD_REQUEST.exception("the body could not be read"));
          } else {
            ctx.next();
          }
        });
  }

  /** {@code application/sdp; charset=utf-8} -> {@code application/sdp}. */
  static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  /**
   * Answers with the failure's status and JSON error; when the request's body has not all arrived
   * by then, closes the connection: the rest of it (too large, of the wrong type, unauthorized) is
   * not read.
   */
  static void reject(RoutingContext ctx, Throwable failure) {
    if (ctx.response().ended()) {
      closeUnlessEnded(ctx);
      return;
    }
    ErrorCode code = failure instanceof ServiceException se ? se.code() : ErrorCode.INTERNAL;
    if (!ctx.request().isEnded()) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    }
    ctx.response().setStatusCode(AdminApi.status(code));
    ctx.json(new JsonObject().put("error", Protocol.error(null, failure).getJsonObject("error")))
        .onComplete(ar -> closeUnlessEnded(ctx));
  }

  private static void closeUnlessEnded(RoutingContext ctx) {
    if (!ctx.request().isEnded()) {
      ctx.request().connection().close();
    }
  }
}
