package io.liveroom.media.engine;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.media.MediaConfig;
import io.liveroom.media.sdp.NegotiatedMedia;
import io.liveroom.media.sdp.Negotiator;
import io.liveroom.media.sdp.SessionDescription;
import io.liveroom.media.transport.IceTransport;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns offers into peers for a {@link MediaEngine}: a publisher's stream on a forwarding thread, a
 * player in a stream, an ICE restart of a held peer. Thread-safe; no network waits.
 */
final class PeerAdmission {
  private static final System.Logger LOG = System.getLogger(MediaEngine.class.getName());
  private final MediaEngine engine;
  private final MediaConfig config;
  private final NodeSockets sockets;
  private final Worker[] workers;
  private final AtomicInteger nextWorker = new AtomicInteger();
  private final PeerLifecycle lifecycle;
  private final Map<String, Stream> streams;
  private final Map<String, Peer> peers;

  PeerAdmission(
      MediaEngine engine,
      MediaConfig config,
      NodeSockets sockets,
      Worker[] workers,
      PeerLifecycle lifecycle) {
    this.engine = engine;
    this.config = config;
    this.sockets = sockets;
    this.workers = workers;
    this.lifecycle = lifecycle;
    this.streams = lifecycle.streams;
    this.peers = lifecycle.peers;
  }

  /** See {@link MediaEngine#restartIce}. */
  MediaSession restartIce(String peerId, String offerSdp) {
    Peer peer = peerId == null ? null : peers.get(peerId);
    if (peer == null) {
      throw ErrorCode.MEDIA_PEER_NOT_FOUND.exception("no media peer " + peerId + " on this node");
    }
    SessionDescription offer = Offers.parse(peer.stream().id, offerSdp);
    synchronized (peer) {
      if (peer.closed.get()) {
        throw ErrorCode.MEDIA_PEER_NOT_FOUND.exception("media peer " + peerId + " is closed");
      }
      IceTransport ice =
          IceRestart.restart(
              peer,
              offer,
              sockets.harvester,
              (oldUfrag, newUfrag) -> {
                sockets.unregisterTcp(oldUfrag);
                sockets.registerTcp(newUfrag, peer);
              });
      LOG.log(
          System.Logger.Level.DEBUG,
          () -> peer.id + " ICE restart, local ufrag " + ice.localUfrag());
      return new MediaSession(
          peer.id, peer.stream().id, peer.role, sockets.answer(ice, peer.media));
    }
  }

  /** See {@link MediaEngine#publish(String, String, String)}. */
  MediaSession publish(String streamId, String offerSdp, String peerId) {
    if (peerId != null
        && (peerId.isBlank() || peerId.length() > 256 || peers.containsKey(peerId))) {
      throw ErrorCode.INVALID_FIELD.exception(
          "peerId must be 1-256 characters and not name a held peer");
    }
    SessionDescription offer = Offers.parse(streamId, offerSdp);
    if (streams.containsKey(streamId)) {
      throw ErrorCode.STREAM_ID_TAKEN.exception(
          "stream " + streamId + " is already published on this node");
    }
    List<NegotiatedMedia> media = Offers.negotiate(() -> Negotiator.forPublish(offer, streamId));
    Worker worker = workers[Math.floorMod(nextWorker.getAndIncrement(), workers.length)];
    Stream stream = new Stream(streamId, worker, config, media);
    Peer peer =
        newPeer(
            peerId != null ? peerId : "pub-" + UUID.randomUUID(),
            PeerRole.PUBLISHER,
            stream,
            offer,
            media);
    stream.publisher = peer;
    stream.offerSdp = offerSdp;
    if (streams.putIfAbsent(streamId, stream) != null) {
      peer.closeTransport();
      throw ErrorCode.STREAM_ID_TAKEN.exception(
          "stream " + streamId + " is already published on this node");
    }
    worker.attach(stream);
    return begin(peer, offer, media);
  }

  /**
   * An edge's copy of a stream published on its origin: the publisher's offer negotiated again (the
   * same m-lines, codecs and SSRCs), fed by {@code relay} instead of a publisher peer.
   */
  Stream relayed(String streamId, String publisherOffer, RelayIn relay) {
    SessionDescription offer = Offers.parse(streamId, publisherOffer);
    List<NegotiatedMedia> media = Offers.negotiate(() -> Negotiator.forPublish(offer, streamId));
    Worker worker = workers[Math.floorMod(nextWorker.getAndIncrement(), workers.length)];
    Stream stream = new Stream(streamId, worker, config, media, true);
    stream.relay = relay;
    Stream held = streams.putIfAbsent(streamId, stream);
    if (held != null) {
      if (held.relay == null) {
        throw ErrorCode.STREAM_ID_TAKEN.exception(
            "stream " + streamId + " is published on this node");
      }
      lifecycle.endRelayed(held);
      if (streams.putIfAbsent(streamId, stream) != null) {
        throw ErrorCode.STREAM_ID_TAKEN.exception("stream " + streamId + " is relayed here");
      }
    }
    worker.attach(stream);
    return stream;
  }

  /** See {@link MediaEngine#play}. */
  MediaSession play(String streamId, String offerSdp) {
    SessionDescription offer = Offers.parse(streamId, offerSdp);
    Stream stream = streams.get(streamId);
    if (stream == null) {
      throw ErrorCode.STREAM_NOT_FOUND.exception(
          "stream " + streamId + " is not published on this node");
    }
    LayerSelector.Preference layer = LayerSelector.Preference.fromOffer(offerSdp);
    if (layer == null) {
      throw ErrorCode.INVALID_SDP.exception(
          LayerSelector.Preference.ATTRIBUTE + " must be auto, high or low");
    }
    List<NegotiatedMedia> media =
        Offers.negotiate(() -> Negotiator.forPlay(offer, stream.published(), streamId));
    Peer peer = newPeer("play-" + UUID.randomUUID(), PeerRole.PLAYER, stream, offer, media);
    peer.outTracks = stream.outTracksFor(media);
    peer.videoLayer = layer;
    if (media.stream().anyMatch(m -> m.accepted() && m.transportCc())) {
      peer.estimator = new SendSideEstimator(config.maxBitrateBps(), 2 * config.maxBitrateBps());
    }
    stream.prepareLayers(peer);
    stream.players.add(peer);
    if (stream.edgeLayers != null) { // an edge asks the origin for the player's layer at once
      stream.worker.execute(() -> stream.edgeLayers.update(System.currentTimeMillis()));
    }
    MediaSession session = begin(peer, offer, media);
    if (stream.sourceEnded()) {
      lifecycle.close(peer, CloseReason.PUBLISHER_GONE);
    }
    return session;
  }

  private Peer newPeer(
      String id,
      PeerRole role,
      Stream stream,
      SessionDescription offer,
      List<NegotiatedMedia> media) {
    try {
      return new Peer(id, role, stream, engine, offer, media, sockets.harvester);
    } catch (IOException e) {
      // the exception names local addresses and ports: it goes to the log, the client gets its kind
      throw Failures.toService(e, "creating an ICE agent for peer " + id);
    }
  }

  private MediaSession begin(Peer peer, SessionDescription offer, List<NegotiatedMedia> media) {
    peers.put(peer.id, peer);
    String answer = sockets.answer(peer.ice, media);
    sockets.registerTcp(peer.ice.localUfrag(), peer);
    peer.ice.start(offer.iceUfrag(), offer.icePwd(), List.of());
    return new MediaSession(peer.id, peer.stream().id, peer.role, answer);
  }
}
