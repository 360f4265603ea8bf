package io.liveroom.media.engine;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.contracts.MediaStreamStats;
import io.liveroom.media.MediaConfig;
import io.liveroom.media.MediaConnectivityConfig;
import io.liveroom.media.sdp.NegotiatedMedia;
import io.liveroom.media.sdp.Negotiator;
import io.liveroom.media.sdp.SessionDescription;
import io.liveroom.media.transport.DtlsCertificate;
import io.liveroom.media.transport.IceTransport;
import io.liveroom.media.transport.SrtpSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SFU of one media node, usable without Vert.x. One UDP port (a shared ice4j single-port
 * harvester) for every peer; the node is ICE-controlled and the DTLS server. Media never touches
 * the calling thread: packets run on the engine's forwarding threads. All methods are thread-safe;
 * publish/play/stop return quickly (no network waits). The sockets are {@link NodeSockets}, the
 * peers' connect/close and the monitor {@link PeerLifecycle}.
 */
public final class MediaEngine implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(MediaEngine.class.getName());
  private final MediaConfig config;
  private final NodeSockets sockets;
  private final Worker[] workers;
  private final AtomicInteger nextWorker = new AtomicInteger();
  private final PeerLifecycle lifecycle;
  private final Map<String, Stream> streams;
  private final Map<String, Peer> peers;

  /** The last totals read (guarded by {@code this}). */
  private MediaTotals lastTotals = MediaTotals.ZERO;

  private final StreamTaps taps;

  private MediaEngine(
      MediaConfig config, MediaConnectivityConfig connectivity, MediaListener listener)
      throws IOException {
    IceTransport.configureIce4j();
    PacketPool.install();
    SrtpSession.warmUp();
    this.config = config;
    int threads = config.effectiveWorkerThreads();
    this.sockets = new NodeSockets(config, connectivity, threads);
    this.workers = new Worker[threads];
    for (int i = 0; i < workers.length; i++) {
      workers[i] =
          new Worker(
              "media-forward-" + i,
              sockets.sendSockets.isEmpty() ? null : sockets.sendSockets.get(i));
    }
    this.lifecycle = new PeerLifecycle(config, connectivity.audioLevelIntervalMs(), listener);
    this.streams = lifecycle.streams;
    this.peers = lifecycle.peers;
    this.taps = new StreamTaps(streams::get, lifecycle.monitor());
    LOG.log(
        System.Logger.Level.INFO,
        "media engine on " + sockets + ", " + workers.length + " forwarding threads");
  }

  /** Binds the node's UDP port and starts the forwarding threads. */
  public static MediaEngine start(MediaConfig config, MediaListener listener) throws IOException {
    return start(config, MediaConnectivityConfig.EPHEMERAL, listener);
  }

  /** As {@link #start(MediaConfig, MediaListener)}, with ICE-TCP and audio-level settings. */
  public static MediaEngine start(
      MediaConfig config, MediaConnectivityConfig connectivity, MediaListener listener)
      throws IOException {
    return new MediaEngine(config, connectivity, listener == null ? MediaListener.NONE : listener);
  }

  /** The bound ICE-TCP port, or -1 when ICE-TCP is off. */
  public int tcpPort() {
    return sockets.tcpPort();
  }

  /**
   * An ICE restart of a held peer (its network changed): {@code offerSdp} is the client's new offer
   * with new ICE credentials and the same m-lines and fingerprint; the answer carries the node's
   * new credentials. The peer keeps its DTLS/SRTP session and its place in the stream.
   *
   * @throws io.liveroom.infra.contracts.ServiceException {@code MEDIA_PEER_NOT_FOUND}, {@code
   *     INVALID_SDP}
   */
  public MediaSession restartIce(String peerId, String offerSdp) {
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

  void unregisterTcp(String localUfrag) {
    sockets.unregisterTcp(localUfrag);
  }

  /** The bound UDP port. */
  public int port() {
    return sockets.port();
  }

  /** The host candidates every answer advertises. */
  public List<InetSocketAddress> candidates() {
    return sockets.candidates;
  }

  DtlsCertificate certificate() {
    return sockets.certificate;
  }

  /**
   * Accepts a publisher's offer for {@code streamId} and returns the answer.
   *
   * @throws io.liveroom.infra.contracts.ServiceException {@code STREAM_ID_TAKEN} if the stream is
   *     already published here, {@code INVALID_SDP} if the offer is unusable
   */
  public MediaSession publish(String streamId, String offerSdp) {
    return publish(streamId, offerSdp, null);
  }

  /**
   * As {@link #publish(String, String)}, the new peer named {@code peerId} (the stream registry's
   * owner of the stream; null: the engine names it).
   *
   * @throws io.liveroom.infra.contracts.ServiceException also {@code INVALID_FIELD} if {@code
   *     peerId} is malformed or names a peer this node holds
   */
  public MediaSession publish(String streamId, String offerSdp, String peerId) {
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
    if (streams.putIfAbsent(streamId, stream) != null) {
      peer.closeTransport();
      throw ErrorCode.STREAM_ID_TAKEN.exception(
          "stream " + streamId + " is already published on this node");
    }
    worker.attach(stream);
    return begin(peer, offer, media);
  }

  /**
   * Accepts a player's offer for a stream published on this node and returns the answer.
   *
   * @throws io.liveroom.infra.contracts.ServiceException {@code STREAM_NOT_FOUND}, {@code
   *     INVALID_SDP}
   */
  public MediaSession play(String streamId, String offerSdp) {
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
    MediaSession session = begin(peer, offer, media);
    if (stream.publisher.closed.get()) {
      lifecycle.close(peer, CloseReason.PUBLISHER_GONE);
    }
    return session;
  }

  /** Stops one peer (publisher: the whole stream and its players). False if unknown. */
  public boolean stop(String peerId) {
    Peer peer = peers.get(peerId);
    if (peer == null) {
      return false;
    }
    lifecycle.close(peer, CloseReason.STOPPED);
    return true;
  }

  /** Stops a stream's publisher and so every player of it. False if unknown. */
  public boolean stopStream(String streamId) {
    Stream stream = streams.get(streamId);
    if (stream == null) {
      return false;
    }
    lifecycle.close(stream.publisher, CloseReason.STOPPED);
    return true;
  }

  /** Egress taps of this node's streams (plain RTP copies for egress nodes). */
  public StreamTaps taps() {
    return taps;
  }

  public Optional<MediaStreamStats> stats(String streamId) {
    return Optional.ofNullable(streams.get(streamId)).map(Stream::stats);
  }

  /** Media-quality counters of a stream (transport-cc, NACK/RTX, per-player estimate and layer). */
  public Optional<QualityStats> quality(String streamId) {
    return Optional.ofNullable(streams.get(streamId)).map(Stream::quality);
  }

  public List<MediaStreamStats> stats() {
    return streams.values().stream().map(Stream::stats).toList();
  }

  public Optional<PeerInfo> peer(String peerId) {
    return Optional.ofNullable(peers.get(peerId)).map(Peer::info);
  }

  /**
   * Traffic totals since start (ended streams included), from the streams' stats, which their
   * forwarding threads refresh about once a second: read at scrape time, never on the packet path.
   */
  public synchronized MediaTotals totals() {
    MediaTotals sum = lifecycle.retired();
    for (Stream stream : streams.values()) {
      sum = sum.plus(stream.stats());
    }
    long drops = 0;
    for (Worker w : workers) {
      drops += w.dropped.sum() + (w.batch == null ? 0 : w.batch.failed);
    }
    lastTotals = lastTotals.max(sum.withDrops(drops));
    return lastTotals;
  }

  /** Players currently held (connecting or connected) over all streams. */
  public int playerCount() {
    int n = 0;
    for (Stream stream : streams.values()) {
      n += stream.players.size();
    }
    return n;
  }

  /** Peers currently held (connecting or connected). */
  public int peerCount() {
    return peers.size();
  }

  private Peer newPeer(
      String id,
      PeerRole role,
      Stream stream,
      SessionDescription offer,
      List<NegotiatedMedia> media) {
    try {
      return new Peer(id, role, stream, this, offer, media, sockets.harvester);
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

  /** ICE has a valid pair: run the DTLS handshake (blocking) on a handshake thread. */
  void startDtls(Peer peer) {
    lifecycle.startDtls(peer);
  }

  /** Closes a peer from a thread that must not do the work itself (ice4j, forwarding). */
  void closeLater(Peer peer, CloseReason reason) {
    lifecycle.closeLater(peer, reason);
  }

  @Override
  public void close() {
    lifecycle.closeAll();
    for (Worker w : workers) {
      w.drain(2_000);
    }
    lifecycle.awaitHandshakes();
    for (Worker w : workers) {
      w.stop();
    }
    sockets.close();
  }
}
