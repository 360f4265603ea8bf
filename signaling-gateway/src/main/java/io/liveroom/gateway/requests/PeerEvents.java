package io.liveroom.gateway.requests;

import io.liveroom.gateway.requests.MediaRequests.Peer;
import io.liveroom.gateway.session.Session;
import io.liveroom.gateway.session.SessionRegistry;
import io.liveroom.gateway.ws.Protocol;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.MediaPeerUpdated;
import io.liveroom.infra.contracts.RoomMediaMoved;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The media nodes' peer events and room moves, as they reach the tracked peers: {@code
 * publisherStateUpdate} / {@code playerStateUpdate} and {@code mediaNodeChanged} pushes to the
 * sessions, and the end of peers their node closed.
 */
final class PeerEvents {
  private final MediaPeers peers;
  private final SessionRegistry sessions;
  private BiConsumer<String, Peer> peerClosed = (id, peer) -> {};

  PeerEvents(MediaPeers peers, SessionRegistry sessions) {
    this.peers = peers;
    this.sessions = sessions;
  }

  /** Called with the peer's id and the peer when one of the tracked peers ends for good. */
  void onPeerClosed(BiConsumer<String, Peer> listener) {
    this.peerClosed = listener;
  }

  /**
   * A room's media moved off its node (lost or drained): this gateway's publishers and players of
   * the room on that node end ({@code NO_PUBLISH} / {@code NO_PLAY} with the move's error code, the
   * SDK publishes and plays again), and every member here gets {@code mediaNodeChanged}.
   */
  void moved(RoomMediaMoved moved) {
    String reason = ErrorCode.of(moved.errorCode()).name();
    for (Map.Entry<String, Peer> e : peers.snapshot()) {
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

  void updated(MediaPeerUpdated update) {
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
