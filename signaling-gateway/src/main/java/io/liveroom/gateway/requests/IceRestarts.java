package io.liveroom.gateway.requests;

import io.liveroom.gateway.requests.MediaRequests.Peer;
import io.liveroom.gateway.session.Session;
import io.liveroom.gateway.ws.Reply;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.MediaAnswer;
import io.liveroom.infra.contracts.MediaRestartIce;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** The {@code restartIce} request: a new offer for one of the session's tracked peers. */
final class IceRestarts {
  private final Bus bus;
  private final Fields fields;
  private final MediaPeers peers;

  IceRestarts(Bus bus, Fields fields, MediaPeers peers) {
    this.bus = bus;
    this.fields = fields;
    this.peers = peers;
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
            ? peers.publisherOf(session.id(), streamId)
            : peers.playerOf(session.id(), streamId);
    Peer peer = peerId == null ? null : peers.get(peerId);
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
}
