package io.liveroom.gateway.requests;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.session.Session;
import io.liveroom.gateway.session.SessionRegistry;
import io.liveroom.gateway.ws.ClientHandler;
import io.liveroom.gateway.ws.Reply;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.MediaAnswer;
import io.liveroom.infra.contracts.MediaAudioLevels;
import io.liveroom.infra.contracts.MediaPeerUpdated;
import io.liveroom.infra.contracts.MediaPlay;
import io.liveroom.infra.contracts.MediaPublish;
import io.liveroom.infra.contracts.MediaStop;
import io.liveroom.infra.contracts.MediaStopped;
import io.liveroom.infra.contracts.PlacePlayer;
import io.liveroom.infra.contracts.RoomMediaMoved;
import io.liveroom.infra.contracts.ServiceException;
import io.liveroom.infra.contracts.StreamLocation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The media side of the protocol: SDP offers go to the media node of the stream's room, answers
 * come back, and the node's peer events become publisherStateUpdate / playerStateUpdate pushes to
 * the session that owns the peer. Media itself never passes through here.
 */
public final class MediaRequests {
  private static final System.Logger LOG = System.getLogger(MediaRequests.class.getName());

  /** One WebRTC peer of one of this gateway's sessions. */
  public record Peer(
      String sessionId, String roomId, String streamId, String nodeId, boolean publisher) {}

  private final Bus bus;
  private final Fields fields;
  private final MediaPeers peers = new MediaPeers();
  private final PeerEvents events;
  private final IceRestarts iceRestarts;
  private final SoundLevels soundLevels;

  public MediaRequests(Bus bus, GatewayConfig config, SessionRegistry sessions) {
    this.bus = bus;
    this.fields = new Fields(config);
    this.events = new PeerEvents(peers, sessions);
    this.iceRestarts = new IceRestarts(bus, fields, peers);
    this.soundLevels = new SoundLevels(peers, sessions);
  }

  public void register(ClientHandler handler) {
    handler.handle("startPlayingStream", this::play);
    handler.handle("stopPlayingStream", this::stopPlaying);
    handler.handle("restartIce", iceRestarts::restartIce);
  }

  /** Listens to the media nodes' peer events and to rooms moving off lost or drained nodes. */
  public Future<Void> listen() {
    return Future.join(
            bus.eventBus()
                .consumer(
                    Addresses.MEDIA_PEER_UPDATED,
                    message -> {
                      if (message.body() instanceof MediaPeerUpdated update) {
                        events.updated(update);
                      } else {
                        ignored(Addresses.MEDIA_PEER_UPDATED, message.body());
                      }
                    })
                .completion(),
            bus.eventBus()
                .consumer(
                    Addresses.ROOM_MEDIA_MOVED,
                    message -> {
                      if (message.body() instanceof RoomMediaMoved moved) {
                        List<Map.Entry<String, Peer>> ended = peersOn(moved);
                        events.moved(moved);
                        // the node may live on (an edge whose origin moved): free its slots now
                        ended.forEach(e -> stop(e.getKey(), e.getValue()));
                      } else {
                        ignored(Addresses.ROOM_MEDIA_MOVED, message.body());
                      }
                    })
                .completion(),
            bus.eventBus()
                .consumer(
                    Addresses.MEDIA_AUDIO_LEVELS,
                    message -> {
                      if (message.body() instanceof MediaAudioLevels levels) {
                        soundLevels.soundLevels(levels);
                      }
                    })
                .completion())
        .mapEmpty();
  }

  private static void ignored(String address, Object body) {
    LOG.log(
        System.Logger.Level.WARNING,
        "ignored a message of unexpected type on "
            + address
            + ": "
            + (body == null ? "null" : body.getClass().getName()));
  }

  /**
   * Sends a publisher's offer to the stream's media node, the new peer named {@code peerId} (the
   * registry's owner of the stream); yields the answer SDP.
   */
  public Future<MediaAnswer> publish(
      String sessionId,
      String roomId,
      String streamId,
      String nodeId,
      String peerId,
      String offer) {
    return bus.request(
            Addresses.mediaPublish(nodeId),
            new MediaPublish(streamId, offer, peerId),
            MediaAnswer.class)
        .onSuccess(
            answer ->
                peers.put(answer.peerId(), new Peer(sessionId, roomId, streamId, nodeId, true)));
  }

  /**
   * The id of a session's publisher peer of {@code streamId}, or null when it publishes no media
   * here.
   */
  public String publisherPeer(String sessionId, String streamId) {
    return peers.publisherOf(sessionId, streamId);
  }

  /** The tracked peer {@code peerId}, or null. */
  public Peer peer(String peerId) {
    return peerId == null ? null : peers.get(peerId);
  }

  /**
   * Sends a player's offer to the stream's media node; the player is tracked as {@code
   * sessionId}'s.
   */
  public Future<MediaAnswer> play(
      String sessionId, String roomId, String streamId, String nodeId, String offer) {
    return bus.request(
            Addresses.mediaPlay(nodeId), new MediaPlay(streamId, offer), MediaAnswer.class)
        .onSuccess(
            answer ->
                peers.put(answer.peerId(), new Peer(sessionId, roomId, streamId, nodeId, false)));
  }

  /**
   * Stops a tracked peer on its node; fails with {@code MEDIA_PEER_NOT_FOUND} when this gateway
   * holds no such peer (it never existed, was stopped, or its node closed it).
   */
  public Future<Void> stop(String peerId) {
    Peer peer = peers.remove(peerId);
    if (peer == null) {
      return Future.failedFuture(
          ErrorCode.MEDIA_PEER_NOT_FOUND.exception("no media peer " + peerId));
    }
    return stop(peerId, peer);
  }

  /** Whether this gateway tracks {@code peerId} as a player of {@code streamId}. */
  public boolean plays(String peerId, String streamId) {
    Peer peer = peers.get(peerId);
    return peer != null && !peer.publisher() && peer.streamId().equals(streamId);
  }

  /**
   * Called with the peer's id and the peer when one of the tracked peers ends for good (its node
   * closed it, or its room's node was lost); WHIP and WHEP drop their resources.
   */
  public void onPeerClosed(BiConsumer<String, Peer> listener) {
    events.onPeerClosed(listener);
  }

  public Future<Reply> play(Session session, JsonObject request) {
    String streamId = fields.id(request, "streamID");
    String offer = fields.text(request, "sdp", true);
    if (playerOf(session.id(), streamId) != null) {
      throw ErrorCode.BAD_REQUEST.exception("already playing " + streamId + " on this connection");
    }
    return placeAndPlay(session, streamId, offer, List.of());
  }

  /** Most nodes a player is offered to before it is refused (each one refused it as full). */
  private static final int MAX_PLACEMENT_ROUNDS = 8;

  /**
   * Asks room-service where the player goes (the stream's origin, or an edge of it) and sends the
   * offer there; a node that refuses it as full ({@code MEDIA_NODE_FULL}: announcements lag) is
   * excluded and room-service asked again.
   */
  private Future<Reply> placeAndPlay(
      Session session, String streamId, String offer, List<String> excluded) {
    return bus.request(
            Addresses.ROOM_PLAYER_PLACE, new PlacePlayer(streamId, excluded), StreamLocation.class)
        .compose(
            location -> {
              Session.Seat seat = session.rooms().get(location.roomId());
              if (seat == null || !seat.active() || location.nodeId() == null) {
                return Future.failedFuture(
                    ErrorCode.STREAM_NOT_FOUND.exception(
                        location.nodeId() == null
                            ? "stream " + streamId + " carries no media"
                            : "stream " + streamId + " is not in your rooms"));
              }
              session.checkToken(seat);
              return play(session.id(), location.roomId(), streamId, location.nodeId(), offer)
                  .map(
                      answer ->
                          Reply.of(
                              new JsonObject()
                                  .put("roomID", location.roomId())
                                  .put("streamID", streamId)
                                  .put("sdp", answer.answerSdp())))
                  .recover(
                      e -> {
                        if (e instanceof ServiceException se
                            && se.code() == ErrorCode.MEDIA_NODE_FULL
                            && excluded.size() + 1 < MAX_PLACEMENT_ROUNDS) {
                          List<String> next = new ArrayList<>(excluded);
                          next.add(location.nodeId());
                          return placeAndPlay(session, streamId, offer, next);
                        }
                        return Future.failedFuture(e);
                      });
            });
  }

  Future<Reply> stopPlaying(Session session, JsonObject request) {
    String streamId = fields.id(request, "streamID");
    String peerId = playerOf(session.id(), streamId);
    if (peerId == null) {
      throw ErrorCode.MEDIA_PEER_NOT_FOUND.exception("not playing " + streamId);
    }
    Peer peer = peers.remove(peerId);
    return stop(peerId, peer).map(v -> Reply.of(new JsonObject().put("streamID", streamId)));
  }

  /** The session left a room: its players of that room's streams stop. */
  public void leftRoom(String sessionId, String roomId) {
    for (Map.Entry<String, Peer> e : peers.snapshot()) {
      Peer peer = e.getValue();
      if (!peer.publisher() && peer.sessionId().equals(sessionId) && peer.roomId().equals(roomId)) {
        peers.remove(e.getKey());
        stop(e.getKey(), peer);
      }
    }
  }

  private Future<Void> stop(String peerId, Peer peer) {
    return bus.request(
            Addresses.mediaStop(peer.nodeId()), new MediaStop(peerId, null), MediaStopped.class)
        .otherwiseEmpty()
        .mapEmpty();
  }

  /** This gateway's peers of the moved room on the node it left. */
  private List<Map.Entry<String, Peer>> peersOn(RoomMediaMoved moved) {
    List<Map.Entry<String, Peer>> out = new ArrayList<>();
    for (Map.Entry<String, Peer> e : peers.snapshot()) {
      Peer p = e.getValue();
      if (p.roomId().equals(moved.roomId()) && p.nodeId().equals(moved.fromNodeId())) {
        out.add(e);
      }
    }
    return out;
  }

  private String playerOf(String sessionId, String streamId) {
    return peers.playerOf(sessionId, streamId);
  }
}
