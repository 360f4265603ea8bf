package io.liveroom.gateway.http;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.text.Unicode;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

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
    String raw = ctx.request().getParam(name);
    if (raw == null) {
      return fallback;
    }
    try {
      long v = Long.parseLong(raw);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ErrorCode.INVALID_FIELD.exception(name + " must be a non-negative integer");
  }

  static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
    String raw = ctx.request().getParam(name);
    if (raw == null) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(raw);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ErrorCode.INVALID_FIELD.exception(
        name
            + " must be an integer in "
            + min
            + ".."
            + max
            + (max == Integer.MAX_VALUE ? "" : " (at most gateway.adminMaxPageSize)"));
  }
}
