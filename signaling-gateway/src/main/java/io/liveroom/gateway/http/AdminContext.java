package io.liveroom.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * What admin route classes share with the admin API that mounts them: its reply and error writing,
 * its body parsing and its field checks (each failure a 400 naming the field).
 */
public interface AdminContext {
  /**
   * Runs {@code handler} and writes its JSON result, or the error status and body of its failure.
   */
  void respond(RoutingContext ctx, Function<RoutingContext, Future<JsonObject>> handler);

  /** The request's JSON object body, every string in it valid Unicode. */
  JsonObject body(RoutingContext ctx);

  /** A required room, user or stream ID named {@code path} in errors. */
  String id(JsonObject object, String field, String path);

  /** A path parameter that is an ID. */
  default String pathId(RoutingContext ctx, String param) {
    return id(new JsonObject().put(param, ctx.pathParam(param)), param, param);
  }

  /** A free-form string: required (non-empty), or defaulting to "". */
  String text(JsonObject object, String field, boolean required);

  /** A display name: at most the configured length, {@code fallback} when absent. */
  String name(JsonObject object, String field, String fallback);
}
