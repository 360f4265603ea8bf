package io.liveroom.gateway.http;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.http.WhipWhepResources.Created;
import io.liveroom.gateway.requests.Fields;
import io.liveroom.gateway.requests.MediaRequests;
import io.liveroom.infra.auth.TokenClaims;
import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.OpenMediaSession;
import io.liveroom.infra.contracts.RestoreGateway;
import io.liveroom.infra.text.Unicode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Supplier;

/**
 * WHIP (RFC 9725) and WHEP over HTTP: {@code POST /whip/{streamID}} with a Bearer token granting
 * publish and an SDP offer publishes a stream; {@code POST /whep/{streamID}} with a token for the
 * stream's room plays it. Both answer 201 with the SDP answer and a {@code Location} whose {@code
 * DELETE} ends the resource (404 once it ended otherwise).
 *
 * <p>A WHIP resource is a media session of the token's user ({@link OpenMediaSession}), never a
 * duplicate login: it joins the user's presence in the room (or logs the user in), kicks nobody,
 * and a POST for a streamID that is already published gets 409 {@code STREAM_ID_TAKEN} with the
 * first publisher untouched. A WHEP resource is a player tracked by {@link MediaRequests}; both
 * kinds are dropped when their peer ends (the node closed it, its publisher went, the room's node
 * was lost), and one gateway holds at most {@code gateway.maxWhipWhepResources} of them.
 */
public final class WhipRoutes {
  private static final String SDP = "application/sdp";
  private final TokenService tokens;
  private final Fields fields;
  private final WhipWhepResources resources;

  public WhipRoutes(
      String gatewayId, Bus bus, TokenService tokens, MediaRequests media, GatewayConfig config) {
    this.tokens = tokens;
    this.fields = new Fields(config);
    this.resources =
        new WhipWhepResources(gatewayId, bus, tokens, media, config.maxWhipWhepResources());
  }

  public void mount(Router router, int maxBodyBytes) {
    for (String path : new String[] {"/whip/:streamID", "/whep/:streamID"}) {
      // the token is checked from the headers before a byte of the offer is read
      router
          .post(path)
          .handler(
              ctx -> {
                try {
                  tokens.verify(bearer(ctx));
                  ctx.next();
                } catch (RuntimeException e) {
                  RequestBodies.reject(ctx, e);
                }
              });
      RequestBodies.read(router, path, SDP, false, maxBodyBytes);
    }
    router
        .post("/whip/:streamID")
        .handler(ctx -> respond(ctx, () -> publish(ctx).map(c -> created(ctx, c))));
    router
        .post("/whep/:streamID")
        .handler(ctx -> respond(ctx, () -> play(ctx).map(c -> created(ctx, c))));
    router
        .delete("/whip/:streamID/:resource")
        .handler(
            ctx ->
                respond(
                    ctx,
                    () ->
                        resources
                            .endPublish(ctx.pathParam("streamID"), ctx.pathParam("resource"))
                            .map(v -> ctx.response().setStatusCode(200).end())));
    router
        .delete("/whep/:streamID/:resource")
        .handler(
            ctx ->
                respond(
                    ctx,
                    () ->
                        resources
                            .endPlay(ctx.pathParam("streamID"), ctx.pathParam("resource"))
                            .map(v -> ctx.response().setStatusCode(200).end())));
  }

  /** The WHIP resources as seats, for re-asserting them after a store loss. */
  public List<RestoreGateway.Seat> seats() {
    return resources.seats();
  }

  private Future<Created> publish(RoutingContext ctx) {
    String streamId = streamId(ctx);
    String offer = offer(ctx);
    TokenClaims claims = tokens.verify(bearer(ctx));
    String roomId =
        ctx.request().getParam("roomID") != null
            ? fields.id(new JsonObject().put("roomID", ctx.request().getParam("roomID")), "roomID")
            : claims.roomId();
    if (TokenClaims.ANY_ROOM.equals(roomId)) {
      throw ErrorCode.INVALID_FIELD.exception("the token is for any room: name one with ?roomID=");
    }
    tokens.authorizePublish(claims, claims.userId(), roomId, streamId);
    return resources.publish(claims, roomId, streamId, offer);
  }

  private Future<Created> play(RoutingContext ctx) {
    String streamId = streamId(ctx);
    String offer = offer(ctx);
    TokenClaims claims = tokens.verify(bearer(ctx));
    return resources.play(claims, streamId, offer);
  }

  private String streamId(RoutingContext ctx) {
    return fields.id(new JsonObject().put("streamID", ctx.pathParam("streamID")), "streamID");
  }

  private static String offer(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith(SDP)) {
      throw ErrorCode.INVALID_FIELD.exception(
          "the body must be an SDP offer (Content-Type: application/sdp)");
    }
    Buffer raw = ctx.body().buffer();
    String body = raw == null ? null : Unicode.decodeStrict(raw.getBytes());
    if (raw != null && body == null) {
      throw ErrorCode.INVALID_SDP.exception("the body is not valid UTF-8");
    }
    if (body == null || !body.startsWith("v=0")) {
      throw ErrorCode.INVALID_SDP.exception("the body is not an SDP offer");
    }
    return body;
  }

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      throw ErrorCode.TOKEN_MISSING.exception("WHIP/WHEP need Authorization: Bearer <token>");
    }
    return header.substring("Bearer ".length()).trim();
  }

  private static Void created(RoutingContext ctx, Created created) {
    HttpText.end(
        ctx.response()
            .setStatusCode(201)
            .putHeader("Content-Type", SDP)
            .putHeader("Location", created.location()),
        created.answer());
    return null;
  }

  /**
   * Runs a route's work; a failure, thrown or in the future, becomes the error status and JSON
   * body.
   */
  private static void respond(RoutingContext ctx, Supplier<Future<?>> work) {
    Future<?> result;
    try {
      result = work.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onFailure(e -> AdminApi.fail(ctx, e));
  }
}
