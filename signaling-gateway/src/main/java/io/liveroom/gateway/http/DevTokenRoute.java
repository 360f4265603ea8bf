package io.liveroom.gateway.http;

import io.liveroom.infra.auth.AuthConfig;
import io.liveroom.infra.auth.Privilege;
import io.liveroom.infra.auth.TokenClaims;
import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.ServiceException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /dev/token?userID=&roomID=[&publish=true][&ttl=SECONDS]}: a token for the demo page,
 * served ONLY in dev mode (no {@code auth.secret} configured): 200 {@code {"token", "userID",
 * "roomID", "expiresAt"}} (epoch seconds). Outside dev mode 404; a missing or invalid parameter 400
 * INVALID_FIELD. Errors are {@code {"error": {code, name, message}}}.
 */
public final class DevTokenRoute {
  public static final String PATH = "/dev/token";
  static final long DEFAULT_TTL_SECONDS = 3600;

  /** The client protocol's ID characters; the gateway's own length limit applies at login. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@\\-]{1,1024}");

  private DevTokenRoute() {}

  public static void mount(Router router, TokenService tokens, AuthConfig auth) {
    router.get(PATH).handler(ctx -> handle(ctx, tokens, auth));
  }

  private static void handle(RoutingContext ctx, TokenService tokens, AuthConfig auth) {
    ctx.response().putHeader("Cache-Control", "no-store");
    if (!auth.devMode()) {
      error(
          ctx,
          404,
          ErrorCode.BAD_REQUEST,
          "dev tokens are only served in dev mode (auth.secret not set);"
              + " mint tokens on your app server");
      return;
    }
    try {
      String userId = id(ctx, "userID", false);
      String roomId = id(ctx, "roomID", true);
      boolean publish = bool(ctx, "publish");
      long ttl = ttl(ctx, auth.maxTtlSeconds());
      Set<Privilege> privileges =
          publish ? EnumSet.of(Privilege.LOGIN, Privilege.PUBLISH) : EnumSet.of(Privilege.LOGIN);
      TokenClaims claims = tokens.claims(userId, roomId, privileges, null, ttl);
      String token = tokens.mint(claims);
      HttpText.json(
          ctx,
          new JsonObject()
              .put("token", token)
              .put("userID", userId)
              .put("roomID", roomId)
              .put("expiresAt", claims.expiresAt()));
    } catch (ServiceException e) {
      error(ctx, 400, e.code(), e.getMessage());
    }
  }

  private static String param(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    if (values.size() > 1) {
      throw ErrorCode.INVALID_FIELD.exception(name + " is given more than once");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static String id(RoutingContext ctx, String name, boolean anyAllowed) {
    String value = param(ctx, name);
    if (value == null || value.isEmpty()) {
      throw ErrorCode.INVALID_FIELD.exception(name + " is required");
    }
    if (!(ID.matcher(value).matches() || anyAllowed && TokenClaims.ANY_ROOM.equals(value))) {
      throw ErrorCode.INVALID_FIELD.exception(
          name
              + " must be letters, digits or _ . : @ -"
              + (anyAllowed ? " (or * for every room)" : ""));
    }
    return value;
  }

  private static boolean bool(RoutingContext ctx, String name) {
    String value = param(ctx, name);
    if (value == null) {
      return false;
    }
    return switch (value) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw ErrorCode.INVALID_FIELD.exception(name + " must be true or false");
    };
  }

  private static long ttl(RoutingContext ctx, long max) {
    String value = param(ctx, "ttl");
    if (value == null) {
      return Math.min(DEFAULT_TTL_SECONDS, max);
    }
    try {
      long ttl = Long.parseLong(value);
      if (ttl >= 1 && ttl <= max) {
        return ttl;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ErrorCode.INVALID_FIELD.exception("ttl must be 1.." + max + " seconds");
  }

  private static void error(RoutingContext ctx, int status, ErrorCode code, String message) {
    ctx.response().setStatusCode(status);
    HttpText.json(
        ctx,
        new JsonObject()
            .put(
                "error",
                new JsonObject()
                    .put("code", code.code())
                    .put("name", code.name())
                    .put("message", message)));
  }
}
