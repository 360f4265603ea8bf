package io.liveroom.gateway.http;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.requests.Fields;
import io.liveroom.gateway.requests.MediaRequests;
import io.liveroom.gateway.session.StoreRecovery;
import io.liveroom.infra.auth.Privilege;
import io.liveroom.infra.auth.TokenClaims;
import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.EndMediaSession;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.LocateStream;
import io.liveroom.infra.contracts.LogoutReply;
import io.liveroom.infra.contracts.MediaSessionOpened;
import io.liveroom.infra.contracts.OpenMediaSession;
import io.liveroom.infra.contracts.PublishStream;
import io.liveroom.infra.contracts.RestoreGateway;
import io.liveroom.infra.contracts.StreamAck;
import io.liveroom.infra.contracts.StreamLocation;
import io.liveroom.infra.store.RoomInfo;
import io.liveroom.infra.text.Unicode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
  private static final String WHEP_SESSION_PREFIX = "whep-";
  private final String gatewayId;
  private final Bus bus;
  private final TokenService tokens;
  private final MediaRequests media;
  private final Fields fields;
  private final int maxResources;

  /** WHIP resource id (its media session's id) -> what it published. */
  private final Map<String, WhipSession> whip = new HashMap<>();

  /** WHEP resource ids: the player peer ids (their peers are tracked by {@link MediaRequests}). */
  private final Set<String> whep = new HashSet<>();

  public WhipRoutes(
      String gatewayId, Bus bus, TokenService tokens, MediaRequests media, GatewayConfig config) {
    this.gatewayId = gatewayId;
    this.bus = bus;
    this.tokens = tokens;
    this.media = media;
    this.fields = new Fields(config);
    this.maxResources = config.maxWhipWhepResources();
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
                        endPublish(ctx.pathParam("streamID"), ctx.pathParam("resource"))
                            .map(v -> ctx.response().setStatusCode(200).end())));
    router
        .delete("/whep/:streamID/:resource")
        .handler(
            ctx ->
                respond(
                    ctx,
                    () ->
                        endPlay(ctx.pathParam("streamID"), ctx.pathParam("resource"))
                            .map(v -> ctx.response().setStatusCode(200).end())));
    media.onPeerClosed(
        (peerId, peer) -> {
          if (!peer.publisher()) {
            whep.remove(peerId);
            return;
          }
          WhipSession gone = whip.remove(peer.sessionId());
          if (gone != null) { // the WHIP client's media ended: its media session ends
            end(gone);
          }
        });
  }

  private record Created(String location, String answer) {}

  /** The WHIP resources as seats, for re-asserting them after a store loss. */
  public List<RestoreGateway.Seat> seats() {
    List<RestoreGateway.Seat> out = new ArrayList<>();
    for (WhipSession s : whip.values()) {
      out.add(
          new RestoreGateway.Seat(
              s.roomId(),
              s.userId(),
              s.userId(),
              s.sessionId(),
              RoomInfo.LIVE,
              List.of(StoreRecovery.stream(media, s.sessionId(), s.streamId(), ""))));
    }
    return out;
  }

  /** A WHIP resource: a media session of its user in the room, publishing one stream. */
  private record WhipSession(String sessionId, String roomId, String userId, String streamId) {}

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
    checkCapacity();
    String sessionId = OpenMediaSession.ID_PREFIX + UUID.randomUUID();
    WhipSession session = new WhipSession(sessionId, roomId, claims.userId(), streamId);
    return bus.request(
            Addresses.ROOM_MEDIA_SESSION_OPEN,
            new OpenMediaSession(roomId, claims.userId(), claims.userId(), sessionId, gatewayId),
            MediaSessionOpened.class)
        .compose(
            opened ->
                bus.request(
                    Addresses.ROOM_STREAM_PUBLISH,
                    new PublishStream(
                        roomId,
                        streamId,
                        claims.userId(),
                        claims.userId(),
                        sessionId,
                        gatewayId,
                        "",
                        true),
                    StreamAck.class))
        .compose(
            ack -> media.publish(sessionId, roomId, streamId, ack.nodeId(), ack.peerId(), offer))
        .map(
            answer -> {
              whip.put(sessionId, session);
              return new Created("/whip/" + streamId + "/" + sessionId, answer.answerSdp());
            })
        .onFailure(e -> end(session)); // takes back only what this session registered
  }

  private Future<Void> endPublish(String streamId, String resource) {
    WhipSession session = whip.get(resource);
    if (session == null || !session.streamId().equals(streamId)) {
      return Future.failedFuture(
          ErrorCode.MEDIA_PEER_NOT_FOUND.exception("no WHIP resource " + resource));
    }
    whip.remove(resource);
    return end(session);
  }

  /**
   * The media session ends: its stream goes (media stopped), and the user leaves unless present
   * otherwise.
   */
  private Future<Void> end(WhipSession session) {
    return bus.request(
            Addresses.ROOM_MEDIA_SESSION_END,
            new EndMediaSession(session.roomId(), session.userId(), session.sessionId()),
            LogoutReply.class)
        .mapEmpty();
  }

  private Future<Created> play(RoutingContext ctx) {
    String streamId = streamId(ctx);
    String offer = offer(ctx);
    TokenClaims claims = tokens.verify(bearer(ctx));
    checkCapacity();
    return bus.request(
            Addresses.ROOM_STREAM_LOCATE, new LocateStream(streamId), StreamLocation.class)
        .compose(
            location -> {
              tokens.authorize(claims, claims.userId(), location.roomId(), Privilege.LOGIN);
              if (location.nodeId() == null) {
                return Future.failedFuture(
                    ErrorCode.STREAM_NOT_FOUND.exception(
                        "stream " + streamId + " carries no media"));
              }
              return media.play(
                  WHEP_SESSION_PREFIX + UUID.randomUUID(),
                  location.roomId(),
                  streamId,
                  location.nodeId(),
                  offer);
            })
        .map(
            answer -> {
              whep.add(answer.peerId());
              return new Created("/whep/" + streamId + "/" + answer.peerId(), answer.answerSdp());
            });
  }

  private Future<Void> endPlay(String streamId, String peerId) {
    if (!whep.contains(peerId) || !media.plays(peerId, streamId)) {
      return Future.failedFuture(
          ErrorCode.MEDIA_PEER_NOT_FOUND.exception(
              "no WHEP resource " + peerId + " of " + streamId));
    }
    whep.remove(peerId);
    return media.stop(peerId);
  }

  private void checkCapacity() {
    if (whip.size() + whep.size() >= maxResources) {
      throw ErrorCode.TOO_MANY_MEDIA_RESOURCES.exception(
          "this gateway holds "
              + maxResources
              + " WHIP/WHEP resources (gateway.maxWhipWhepResources)");
    }
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
