package io.liveroom.gateway.http;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.requests.Fields;
import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.http.HttpLimits;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * The admin HTTP API under {@code /v1}, for the app's own back end: every call needs {@code
 * Authorization: Bearer <admin secret>}. Errors are HTTP statuses with the shared error body {@code
 * {"error": {code, name, message}}}. This class holds the route table and the authorization; the
 * handlers are in {@link AdminQueries} and {@link AdminActions}, the error writing in {@link
 * AdminErrors}.
 */
public final class AdminApi implements AdminContext {
  private final Bus bus;
  private final TokenService tokens;
  private final Fields fields;
  private final HttpLimits limits;
  private final AdminQueries queries;
  private final AdminActions actions;

  public AdminApi(Bus bus, TokenService tokens, GatewayConfig config, HttpLimits limits) {
    this.bus = bus;
    this.tokens = tokens;
    this.fields = new Fields(config);
    this.limits = limits;
    this.queries = new AdminQueries(bus, fields, config);
    this.actions = new AdminActions(bus, fields, limits);
  }

  public void mount(Router router) {
    router.route("/v1/*").handler(this::authorize);
    RequestBodies.read(router, "/v1/*", RequestBodies.JSON, true, limits.adminMaxBodyBytes());
    router.get("/v1/rooms").handler(ctx -> respond(ctx, queries::rooms));
    router.get("/v1/rooms/:roomID/users").handler(ctx -> respond(ctx, queries::users));
    router.post("/v1/rooms/:roomID/kick").handler(ctx -> respond(ctx, actions::kick));
    router.post("/v1/rooms/:roomID/broadcast").handler(ctx -> respond(ctx, actions::broadcast));
    router.post("/v1/rooms/:roomID/barrage").handler(ctx -> respond(ctx, actions::barrage));
    router.get("/v1/rooms/:roomID/messages").handler(ctx -> respond(ctx, queries::messages));
    router.get("/v1/rooms/:roomID/online").handler(ctx -> respond(ctx, queries::roomOnline));
    router.get("/v1/online").handler(ctx -> respond(ctx, queries::online));
    router.get("/v1/users/:userID/presence").handler(ctx -> respond(ctx, queries::userPresence));
    new NodeAdminRoutes(bus, fields).mount(router);
    router.get("/v1/streams/:streamID/stats").handler(ctx -> respond(ctx, queries::streamStats));
    new ServerApiRoutes(bus, this).mount(router);
  }

  @Override
  public void respond(RoutingContext ctx, Function<RoutingContext, Future<JsonObject>> handler) {
    respondWith(ctx, handler);
  }

  @Override
  public JsonObject body(RoutingContext ctx) {
    return AdminParams.jsonBody(ctx);
  }

  @Override
  public String id(JsonObject object, String field, String path) {
    return fields.id(object, field, path);
  }

  @Override
  public String text(JsonObject object, String field, boolean required) {
    return fields.text(object, field, required);
  }

  @Override
  public String name(JsonObject object, String field, String fallback) {
    return fields.name(object, field, field, fallback);
  }

  private void authorize(RoutingContext ctx) {
    if (tokens.adminAuthorized(ctx.request().getHeader("Authorization"))) {
      ctx.next();
    } else {
      RequestBodies.reject(
          ctx, ErrorCode.ADMIN_UNAUTHORIZED.exception()); // before any body is read
    }
  }

  private static void respondWith(
      RoutingContext ctx, Function<RoutingContext, Future<JsonObject>> handler) {
    Future<JsonObject> result;
    try {
      result = handler.apply(ctx);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(body -> HttpText.json(ctx, body)).onFailure(e -> fail(ctx, e));
  }

  /**
   * The error status and body of a failed call; store failures are 503/504, never a raw exception's
   * text.
   */
  public static void fail(RoutingContext ctx, Throwable failure) {
    AdminErrors.fail(ctx, failure);
  }

  /** The HTTP status of an error code. */
  static int status(ErrorCode code) {
    return AdminErrors.status(code);
  }
}
