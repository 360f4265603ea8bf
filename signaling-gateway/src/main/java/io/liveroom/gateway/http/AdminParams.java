package io.liveroom.gateway.http;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.text.Unicode;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * The admin API's request parameters and JSON bodies, checked with INVALID_FIELD / MALFORMED_JSON.
 */
final class AdminParams {
  private AdminParams() {}

  /**
   * The request's JSON object body; every string in it (names and values, any depth) valid Unicode.
   */
  static JsonObject jsonBody(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw ErrorCode.MALFORMED_JSON.exception("the body must be a JSON object");
    }
    if (body == null) {
      throw ErrorCode.MALFORMED_JSON.exception("the body must be a JSON object");
    }
    Unicode.requireValid(body, "");
    return body;
  }

  static long longParam(RoutingContext ctx, String name, long fallback) {
    return bounded(
        ctx.request().getParam(name),
        0,
        Long.MAX_VALUE,
        fallback,
        () -> name + " must be a non-negative integer");
  }

  static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
    return (int)
        bounded(
            ctx.request().getParam(name),
            min,
            max,
            fallback,
            () ->
                name
                    + " must be an integer in "
                    + min
                    + ".."
                    + max
                    + (max == Integer.MAX_VALUE ? "" : " (at most gateway.adminMaxPageSize)"));
  }

  /**
   * {@code raw} as an integer in {@code min..max}, {@code fallback} when absent; otherwise
   * INVALID_FIELD with {@code problem}'s message.
   */
  static long bounded(String raw, long min, long max, long fallback, Supplier<String> problem) {
    if (raw == null) {
      return fallback;
    }
    try {
      long v = Long.parseLong(raw);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ErrorCode.INVALID_FIELD.exception(problem.get());
  }
}
