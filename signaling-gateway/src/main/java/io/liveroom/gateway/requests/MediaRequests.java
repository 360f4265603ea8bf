package io.liveroom.gateway.requests;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.session.Session;
import io.liveroom.gateway.session.SessionRegistry;
import io.liveroom.gateway.ws.ClientHandler;
import io.liveroom.gateway.ws.Protocol;
import io.liveroom.gateway.ws.Reply;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.LocateStream;
import io.liveroom.infra.contracts.MediaAnswer;
import io.liveroom.infra.contracts.MediaAudioLevels;
import io.liveroom.infra.contracts.MediaPeerUpdated;
import io.liveroom.infra.contracts.MediaPlay;
import io.liveroom.infra.contracts.MediaPublish;
import io.liveroom.infra.contracts.MediaRestartIce;
import io.liveroom.infra.contracts.MediaStop;
import io.liveroom.infra.contracts.MediaStopped;
import io.liveroom.infra.contracts.RoomMediaMoved;
import io.liveroom.infra.contracts.StreamLocation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  private final SessionRegistry sessions;
  private final Map<String, Peer> peers = new HashMap<>();
  private BiConsumer<String, Peer> peerClosed = (id, peer) -> {};

  public MediaRequests(Bus bus, GatewayConfig config, SessionRegistry sessions) {
    this.bus = bus;
    this.fields = new Fields(config);
    this.sessions = sessions;
  }

  public void register(ClientHandler handler) {
    handler.handle("startPlayingStream", this::play);
    handler.handle("stopPlayingStream", this::stopPlaying);
    handler.handle("restartIce", this::restartIce);
  }

  /** Listens to the media nodes' peer events and to rooms moving off lost or drained nodes. */
  public Future<Void> listen() {
    return Future.join(
            bus.eventBus()
                .consumer(
                    Addresses.MEDIA_PEER_UPDATED,
                    message -> {
                      if (message.body() instanceof MediaPeerUpdated update) {
                        updated(update);
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
                        moved(moved);
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
                        soundLevels(levels);
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
   * A room's media moved off its node (lost or drained): this gateway's publishers and players of
   * the room on that node end ({@code NO_PUBLISH} / {@code NO_PLAY} with the move's error code, the
   * SDK publishes and plays again), and every member here gets {@code mediaNodeChanged}.
   */
  void moved(RoomMediaMoved moved) {
    String reason = ErrorCode.of(moved.errorCode()).name();
    for (Map.Entry<String, Peer> e : List.copyOf(peers.entrySet())) {
      Peer peer = e.getValue();
      if (peer.roomId().equals(moved.roomId()) && peer.nodeId().equals(moved.fromNodeId())) {
        updated(
            new MediaPeerUpdated(
                peer.nodeId(),
                e.getKey(),
                peer.streamId(),
                peer.publisher() ? "PUBLISHER" : "PLAYER",
                "CLOSED",
                reason,
                moved.errorCode()));
      }
    }
    String frame =
        Protocol.push("mediaNodeChanged")
            .put("roomID", moved.roomId())
            .put("nodeID", moved.toNodeId())
            .put("previousNodeID", moved.fromNodeId())
            .put("errorCode", moved.errorCode())
            .encode();
    for (Session session : sessions.all()) {
      Session.Seat seat = session.rooms().get(moved.roomId());
      if (seat != null && seat.active()) {
        session.send(frame);
      }
    }
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
    for (Map.Entry<String, Peer> e : peers.entrySet()) {
      Peer peer = e.getValue();
      if (peer.publisher()
          && peer.sessionId().equals(sessionId)
          && peer.streamId().equals(streamId)) {
        return e.getKey();
      }
    }
    return null;
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
    this.peerClosed = listener;
  }

  public Future<Reply> play(Session session, JsonObject request) {
    String streamId = fields.id(request, "streamID");
    String offer = fields.text(request, "sdp", true);
    if (playerOf(session.id(), streamId) != null) {
      throw ErrorCode.BAD_REQUEST.exception("already playing " + streamId + " on this connection");
    }
    return bus.request(
            Addresses.ROOM_STREAM_LOCATE, new LocateStream(streamId), StreamLocation.class)
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
                                  .put("sdp", answer.answerSdp())));
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

  /**
   * An ICE restart of the session's publisher ({@code kind} publish) or player (play) of {@code
   * streamID}: the new offer goes to the peer's node, which answers with new ICE credentials on the
   * same peer (no new stream session, no state pushes).
   */
  Future<Reply> restartIce(Session session, JsonObject request) {
    String streamId = fields.id(request, "streamID");
    String kind = fields.oneOf(request, "kind", "kind", Set.of("publish", "play"), null);
    String offer = fields.text(request, "sdp", true);
    String peerId =
        "publish".equals(kind)
            ? publisherPeer(session.id(), streamId)
            : playerOf(session.id(), streamId);
    Peer peer = peer(peerId);
    if (peer == null) {
      throw ErrorCode.MEDIA_PEER_NOT_FOUND.exception(
          "not "
              + ("publish".equals(kind) ? "publishing " : "playing ")
              + streamId
              + " on this connection");
    }
    return bus.request(
            Addresses.mediaRestartIce(peer.nodeId()),
            new MediaRestartIce(peerId, offer),
            MediaAnswer.class)
        .map(
            answer ->
                Reply.of(
                    new JsonObject()
                        .put("streamID", streamId)
                        .put("kind", kind)
                        .put("sdp", answer.answerSdp())));
  }

  /**
   * A media node's audio levels (already throttled there, at most every 200 ms): each session
   * playing one of those streams from that node gets one {@code soundLevelUpdate} with its streams.
   */
  void soundLevels(MediaAudioLevels levels) {
    Map<String, Integer> byStream = new HashMap<>();
    levels.levels().forEach(l -> byStream.put(l.streamId(), l.soundLevel()));
    Map<String, JsonArray> bySession = new HashMap<>();
    for (Peer peer : peers.values()) {
      Integer level =
          peer.publisher() || !peer.nodeId().equals(levels.nodeId())
              ? null
              : byStream.get(peer.streamId());
      if (level != null) {
        bySession
            .computeIfAbsent(peer.sessionId(), k -> new JsonArray())
            .add(new JsonObject().put("streamID", peer.streamId()).put("soundLevel", level));
      }
    }
    bySession.forEach(
        (sessionId, list) -> {
          Session session = sessions.get(sessionId);
          if (session != null) {
            session.send(Protocol.push("soundLevelUpdate").put("soundLevels", list).encode());
          }
        });
  }

  /** The session left a room: its players of that room's streams stop. */
  public void leftRoom(String sessionId, String roomId) {
    for (Map.Entry<String, Peer> e : List.copyOf(peers.entrySet())) {
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

  private String playerOf(String sessionId, String streamId) {
    for (Map.Entry<String, Peer> e : peers.entrySet()) {
      Peer peer = e.getValue();
      if (!peer.publisher()
          && peer.sessionId().equals(sessionId)
          && peer.streamId().equals(streamId)) {
        return e.getKey();
      }
    }
    return null;
  }

  private void updated(MediaPeerUpdated update) {
    Peer peer = peers.get(update.peerId());
    if (peer == null) {
      return;
    }
    boolean connected = "CONNECTED".equals(update.state());
    if (!connected) {
      peers.remove(update.peerId());
      peerClosed.accept(update.peerId(), peer);
    }
    Session session = sessions.get(peer.sessionId());
    if (session == null) {
      return;
    }
    if (!connected && peer.publisher()) {
      Session.Seat seat = session.rooms().get(peer.roomId());
      if (seat != null) {
        seat.streams.remove(peer.streamId());
        seat.extraInfo.remove(peer.streamId());
      }
    }
    String state =
        peer.publisher()
            ? (connected ? "PUBLISHING" : "NO_PUBLISH")
            : (connected ? "PLAYING" : "NO_PLAY");
    session.send(
        Protocol.push(peer.publisher() ? "publisherStateUpdate" : "playerStateUpdate")
            .put("state", state)
            .put("streamID", peer.streamId())
            .put("errorCode", update.errorCode())
            .put("extendedData", update.reason() == null ? "" : update.reason()));
  }
}
