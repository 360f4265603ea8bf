package io.liveroom.gateway.http;

import io.liveroom.gateway.requests.MediaRequests;
import io.liveroom.gateway.session.HeldSeats;
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
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The WHIP and WHEP resources of this gateway ({@link WhipRoutes} serves them over HTTP): a WHIP
 * resource is a media session of its user publishing one stream, a WHEP resource a player peer
 * tracked by {@link MediaRequests}. Both are dropped when their peer ends; at most {@code
 * gateway.maxWhipWhepResources} at a time. Confined to the gateway's event loop.
 */
final class WhipWhepResources {
  private static final String WHEP_SESSION_PREFIX = "whep-";
  private final String gatewayId;
  private final Bus bus;
  private final TokenService tokens;
  private final MediaRequests media;
  private final int maxResources;

  /** WHIP resource id (its media session's id) -> what it published. */
  private final Map<String, WhipSession> whip = new HashMap<>();

  /** WHEP resource ids: the player peer ids (their peers are tracked by {@link MediaRequests}). */
  private final Set<String> whep = new HashSet<>();

  /** A created resource: its path (the {@code Location}) and the SDP answer. */
  record Created(String location, String answer) {}

  /** A WHIP resource: a media session of its user in the room, publishing one stream. */
  private record WhipSession(String sessionId, String roomId, String userId, String streamId) {}

  WhipWhepResources(
      String gatewayId, Bus bus, TokenService tokens, MediaRequests media, int maxResources) {
    this.gatewayId = gatewayId;
    this.bus = bus;
    this.tokens = tokens;
    this.media = media;
    this.maxResources = maxResources;
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

  /** The WHIP resources as seats, for re-asserting them after a store loss. */
  List<RestoreGateway.Seat> seats() {
    List<RestoreGateway.Seat> out = new ArrayList<>();
    for (WhipSession s : whip.values()) {
      out.add(
          new RestoreGateway.Seat(
              s.roomId(),
              s.userId(),
              s.userId(),
              s.sessionId(),
              RoomInfo.LIVE,
              List.of(HeldSeats.stream(media, s.sessionId(), s.streamId(), ""))));
    }
    return out;
  }

  /** Publishes {@code streamId} in {@code roomId} for the token's user, already authorized. */
  Future<Created> publish(TokenClaims claims, String roomId, String streamId, String offer) {
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

  Future<Void> endPublish(String streamId, String resource) {
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

  /** Plays {@code streamId} for the token's user, if the token is for the stream's room. */
  Future<Created> play(TokenClaims claims, String streamId, String offer) {
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

  Future<Void> endPlay(String streamId, String peerId) {
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
}
