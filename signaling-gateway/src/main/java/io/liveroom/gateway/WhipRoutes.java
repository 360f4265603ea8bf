package io.liveroom.gateway;

import io.liveroom.infra.auth.Privilege;
import io.liveroom.infra.auth.TokenClaims;
import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.LocateStream;
import io.liveroom.infra.contracts.LoginReply;
import io.liveroom.infra.contracts.LoginRoom;
import io.liveroom.infra.contracts.LogoutReply;
import io.liveroom.infra.contracts.LogoutRoom;
import io.liveroom.infra.contracts.MediaAnswer;
import io.liveroom.infra.contracts.MediaPlay;
import io.liveroom.infra.contracts.MediaStop;
import io.liveroom.infra.contracts.MediaStopped;
import io.liveroom.infra.contracts.PublishStream;
import io.liveroom.infra.contracts.StreamAck;
import io.liveroom.infra.contracts.StreamLocation;
import io.liveroom.infra.contracts.UnpublishStream;
import io.liveroom.infra.store.RoomInfo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * WHIP (RFC 9725) and WHEP over HTTP: {@code POST /whip/{streamID}} with a Bearer token granting
 * publish and an SDP offer publishes a stream (the WHIP client joins the token's room as its user);
 * {@code POST /whep/{streamID}} with a token for the stream's room plays it. Both answer
 * 201 with the SDP answer and a {@code Location} whose {@code DELETE} ends the session.
 */
final class WhipRoutes {
  private static final String SDP = "application/sdp";
  private final String gatewayId;
  private final Bus bus;
  private final TokenService tokens;
  private final MediaRequests media;
  private final Fields fields;
  /** WHIP resource id -> what it published; WHEP resource id (the peer id) -> its media node. */
  private final Map<String, WhipSession> whip = new HashMap<>();
  private final Map<String, String> whep = new HashMap<>();

  WhipRoutes(String gatewayId, Bus bus, TokenService tokens, MediaRequests media, GatewayConfig config) {
    this.gatewayId = gatewayId;
    this.bus = bus;
    this.tokens = tokens;
    this.media = media;
    this.fields = new Fields(config);
  }

  void mount(Router router, int maxBodyBytes) {
    for (String path : new String[] {"/whip/:streamID", "/whep/:streamID"}) {
      // the token is checked from the headers before a byte of the offer is read
      router.post(path).handler(ctx -> {
        try {
          tokens.verify(bearer(ctx));
          ctx.next();
        } catch (RuntimeException e) {
          RequestBodies.reject(ctx, e);
        }
      });
      RequestBodies.read(router, path, SDP, false, maxBodyBytes);
    }
    router.post("/whip/:streamID").handler(ctx -> respond(ctx, () -> publish(ctx).map(c -> created(ctx, c))));
    router.post("/whep/:streamID").handler(ctx -> respond(ctx, () -> play(ctx).map(c -> created(ctx, c))));
    router.delete("/whip/:streamID/:resource").handler(ctx -> respond(ctx,
        () -> endPublish(ctx.pathParam("resource")).map(v -> ctx.response().setStatusCode(200).end())));
    router.delete("/whep/:streamID/:resource").handler(ctx -> respond(ctx,
        () -> endPlay(ctx.pathParam("resource")).map(v -> ctx.response().setStatusCode(200).end())));
    media.onPublisherClosed(peer -> {
      WhipSession gone = whip.remove(peer.sessionId());
      if (gone != null) { // the WHIP client's media ended: it leaves the room
        logout(gone);
      }
    });
  }

  private record Created(String location, String answer) {}

  /** A WHIP client: a member of its room (as the token's user) publishing one stream. */
  private record WhipSession(String sessionId, String roomId, String userId, String streamId) {}

  private Future<Created> publish(RoutingContext ctx) {
    String streamId = streamId(ctx);
    String offer = offer(ctx);
    TokenClaims claims = tokens.verify(bearer(ctx));
    String roomId = ctx.request().getParam("roomID") != null
        ? fields.id(new JsonObject().put("roomID", ctx.request().getParam("roomID")), "roomID") : claims.roomId();
    if (TokenClaims.ANY_ROOM.equals(roomId)) {
      throw ErrorCode.INVALID_FIELD.exception("the token is for any room: name one with ?roomID=");
    }
    tokens.authorizePublish(claims, claims.userId(), roomId, streamId);
    String sessionId = "whip-" + UUID.randomUUID();
    WhipSession session = new WhipSession(sessionId, roomId, claims.userId(), streamId);
    return bus.request(Addresses.ROOM_LOGIN, new LoginRoom(roomId, claims.userId(), claims.userId(), sessionId, gatewayId,
            0, RoomInfo.LIVE), LoginReply.class)
        .compose(login -> bus.request(Addresses.ROOM_STREAM_PUBLISH, new PublishStream(roomId, streamId,
            claims.userId(), claims.userId(), sessionId, gatewayId, "", true), StreamAck.class))
        .compose(ack -> media.publish(sessionId, roomId, streamId, ack.nodeId(), offer))
        .map(answer -> {
          whip.put(sessionId, session);
          return new Created("/whip/" + streamId + "/" + sessionId, answer.answerSdp());
        })
        .onFailure(e -> logout(session));
  }

  private Future<Void> endPublish(String resource) {
    WhipSession session = whip.remove(resource);
    if (session == null) {
      return Future.failedFuture(ErrorCode.MEDIA_PEER_NOT_FOUND.exception("no WHIP session " + resource));
    }
    return bus.request(Addresses.ROOM_STREAM_UNPUBLISH, new UnpublishStream(session.roomId(), session.streamId(),
        session.sessionId()), StreamAck.class).otherwiseEmpty().compose(v -> logout(session));
  }

  /** Logging out also removes the session's stream (and stops its media). */
  private Future<Void> logout(WhipSession session) {
    return bus.request(Addresses.ROOM_LOGOUT, new LogoutRoom(session.roomId(), session.userId(), session.sessionId()),
        LogoutReply.class).otherwiseEmpty().mapEmpty();
  }

  private Future<Created> play(RoutingContext ctx) {
    String streamId = streamId(ctx);
    String offer = offer(ctx);
    TokenClaims claims = tokens.verify(bearer(ctx));
    return bus.request(Addresses.ROOM_STREAM_LOCATE, new LocateStream(streamId), StreamLocation.class)
        .compose(location -> {
          tokens.authorize(claims, claims.userId(), location.roomId(), Privilege.LOGIN);
          if (location.nodeId() == null) {
            return Future.failedFuture(ErrorCode.STREAM_NOT_FOUND.exception("stream " + streamId + " carries no media"));
          }
          return bus.request(Addresses.mediaPlay(location.nodeId()), new MediaPlay(streamId, offer), MediaAnswer.class);
        })
        .map(answer -> {
          whep.put(answer.peerId(), answer.nodeId());
          return new Created("/whep/" + streamId + "/" + answer.peerId(), answer.answerSdp());
        });
  }

  private Future<Void> endPlay(String peerId) {
    String nodeId = whep.remove(peerId);
    if (nodeId == null) {
      return Future.failedFuture(ErrorCode.MEDIA_PEER_NOT_FOUND.exception("no WHEP session " + peerId));
    }
    return bus.request(Addresses.mediaStop(nodeId), new MediaStop(peerId, null), MediaStopped.class).mapEmpty();
  }

  private String streamId(RoutingContext ctx) {
    return fields.id(new JsonObject().put("streamID", ctx.pathParam("streamID")), "streamID");
  }

  private static String offer(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith(SDP)) {
      throw ErrorCode.INVALID_FIELD.exception("the body must be an SDP offer (Content-Type: application/sdp)");
    }
    String body = ctx.body().asString();
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
    ctx.response().setStatusCode(201).putHeader("Content-Type", SDP).putHeader("Location", created.location())
        .end(created.answer());
    return null;
  }

  /** Runs a route's work; a failure, thrown or in the future, becomes the error status and JSON body. */
  private static void respond(RoutingContext ctx, java.util.function.Supplier<Future<?>> work) {
    Future<?> result;
    try {
      result = work.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onFailure(e -> AdminApi.fail(ctx, e));
  }
}
