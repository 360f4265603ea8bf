package io.liveroom.media.engine;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.media.MediaConfig;
import io.liveroom.media.MediaConnectivityConfig;
import io.liveroom.media.sdp.NegotiatedMedia;
import io.liveroom.media.sdp.Negotiator;
import io.liveroom.media.sdp.SdpAnswer;
import io.liveroom.media.sdp.SdpException;
import io.liveroom.media.sdp.SdpParser;
import io.liveroom.media.sdp.SessionDescription;
import io.liveroom.media.transport.DtlsCertificate;
import io.liveroom.media.transport.DtlsEndpoint;
import io.liveroom.media.transport.IceTcpCandidates;
import io.liveroom.media.transport.IceTcpServer;
import io.liveroom.media.transport.IceTransport;
import io.liveroom.media.transport.SrtpSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.HostCandidateHarvester;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;

/**
 * The SFU of one media node, usable without Vert.x. One UDP port (a shared ice4j single-port
 * harvester) for every peer; the node is ICE-controlled and the DTLS server. Media never touches
 * the calling thread: packets run on the engine's forwarding threads. All methods are thread-safe;
 * publish/play/stop return quickly (no network waits).
 */
public final class MediaEngine implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(MediaEngine.class.getName());
  private final MediaConfig config;
  private final MediaListener listener;
  private final SinglePortUdpHarvester harvester;
  /** The passive ICE-TCP candidate's listener, null when ICE-TCP is off. */
  private final IceTcpServer tcpServer;
  private final MediaConnectivityConfig connectivity;
  private final List<InetSocketAddress> candidates;
  private final DtlsCertificate certificate = DtlsCertificate.generate("liveroom-media");
  private final Worker[] workers;
  private final AtomicInteger nextWorker = new AtomicInteger();
  private final Map<String, Stream> streams = new ConcurrentHashMap<>();
  private final Map<String, Peer> peers = new ConcurrentHashMap<>();
  /** Totals of the streams that ended, and the last totals read (guarded by {@code this}). */
  private MediaTotals retired = MediaTotals.ZERO;
  private MediaTotals lastTotals = MediaTotals.ZERO;
  private final ExecutorService handshakes = Executors.newCachedThreadPool(daemon("media-dtls"));
  private final ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(daemon("media-monitor"));
  private final StreamTaps taps = new StreamTaps(streams::get, monitor);

  private MediaEngine(MediaConfig config, MediaConnectivityConfig connectivity, MediaListener listener)
      throws IOException {
    IceTransport.configureIce4j();
    PacketPool.install();
    SrtpSession.warmUp();
    this.config = config;
    this.listener = listener;
    InetAddress bind = InetAddress.getByName(config.bindAddress());
    this.harvester = new SinglePortUdpHarvester(new TransportAddress(bind, config.port(), Transport.UDP));
    int port = harvester.getLocalAddress().getPort();
    List<InetSocketAddress> list = new ArrayList<>();
    for (String address : config.advertisedAddresses()) {
      list.add(new InetSocketAddress(InetAddress.getByName(address), port));
    }
    if (list.isEmpty() && bind.isAnyLocalAddress()) {
      HostCandidateHarvester.getAllAllowedAddresses().forEach(a -> list.add(new InetSocketAddress(a, port)));
    }
    if (list.isEmpty()) {
      list.add(new InetSocketAddress(bind, port));
    }
    this.candidates = List.copyOf(list);
    this.connectivity = connectivity;
    IceTcpServer tcp = null;
    if (connectivity.tcpEnabled()) {
      try {
        tcp = IceTcpServer.start(bind, connectivity.tcpPort());
      } catch (IOException e) {
        harvester.close();
        throw e;
      }
    }
    this.tcpServer = tcp;
    this.workers = new Worker[config.effectiveWorkerThreads()];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker("media-forward-" + i);
    }
    monitor.scheduleWithFixedDelay(this::checkLiveness, 1, 1, TimeUnit.SECONDS);
    if (connectivity.audioLevelIntervalMs() > 0) {
      monitor.scheduleAtFixedRate(this::reportAudioLevels, connectivity.audioLevelIntervalMs(),
          connectivity.audioLevelIntervalMs(), TimeUnit.MILLISECONDS);
    }
    LOG.log(System.Logger.Level.INFO, "media engine on udp " + harvester.getLocalAddress()
        + (tcpServer == null ? "" : ", ICE-TCP port " + tcpServer.port()) + ", candidates "
        + candidates + ", " + workers.length + " forwarding threads");
  }

  /** Binds the node's UDP port and starts the forwarding threads. */
  public static MediaEngine start(MediaConfig config, MediaListener listener) throws IOException {
    return start(config, MediaConnectivityConfig.EPHEMERAL, listener);
  }

  /** As {@link #start(MediaConfig, MediaListener)}, with ICE-TCP and audio-level settings. */
  public static MediaEngine start(MediaConfig config, MediaConnectivityConfig connectivity, MediaListener listener)
      throws IOException {
    return new MediaEngine(config, connectivity, listener == null ? MediaListener.NONE : listener);
  }

  /** The bound ICE-TCP port, or -1 when ICE-TCP is off. */
  public int tcpPort() {
    return tcpServer == null ? -1 : tcpServer.port();
  }

  /**
   * An ICE restart of a held peer (its network changed): {@code offerSdp} is the client's new offer
   * with new ICE credentials and the same m-lines and fingerprint; the answer carries the node's new
   * credentials. The peer keeps its DTLS/SRTP session and its place in the stream.
   *
   * @throws io.liveroom.infra.contracts.ServiceException {@code MEDIA_PEER_NOT_FOUND}, {@code INVALID_SDP}
   */
  public MediaSession restartIce(String peerId, String offerSdp) {
    Peer peer = peerId == null ? null : peers.get(peerId);
    if (peer == null) {
      throw ErrorCode.MEDIA_PEER_NOT_FOUND.exception("no media peer " + peerId + " on this node");
    }
    SessionDescription offer = parse(peer.stream().id, offerSdp);
    synchronized (peer) {
      if (peer.closed.get()) {
        throw ErrorCode.MEDIA_PEER_NOT_FOUND.exception("media peer " + peerId + " is closed");
      }
      IceTransport ice = IceRestart.restart(peer, offer, harvester, (oldUfrag, newUfrag) -> {
        unregisterTcp(oldUfrag);
        if (tcpServer != null) {
          tcpServer.register(newUfrag, peer);
        }
      });
      LOG.log(System.Logger.Level.DEBUG, () -> peer.id + " ICE restart, local ufrag " + ice.localUfrag());
      return new MediaSession(peer.id, peer.stream().id, peer.role, answer(ice, peer.media));
    }
  }

  /** The answer for {@code media} over {@code ice}: host UDP candidates, plus ICE-TCP when on. */
  private String answer(IceTransport ice, List<NegotiatedMedia> media) {
    String answer = SdpAnswer.build(new SdpAnswer.LocalTransport(ice.localUfrag(), ice.localPassword(),
        certificate.fingerprintSha256(), candidates), media);
    return tcpServer == null ? answer : IceTcpCandidates.addTo(answer, candidates, tcpServer.port());
  }

  void unregisterTcp(String localUfrag) {
    if (tcpServer != null && localUfrag != null) {
      tcpServer.unregister(localUfrag);
    }
  }

  /** The bound UDP port. */
  public int port() {
    return harvester.getLocalAddress().getPort();
  }

  /** The host candidates every answer advertises. */
  public List<InetSocketAddress> candidates() {
    return candidates;
  }

  DtlsCertificate certificate() {
    return certificate;
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
   * @throws io.liveroom.infra.contracts.ServiceException also {@code INVALID_FIELD} if {@code peerId}
   *     is malformed or names a peer this node holds
   */
  public MediaSession publish(String streamId, String offerSdp, String peerId) {
    if (peerId != null && (peerId.isBlank() || peerId.length() > 256 || peers.containsKey(peerId))) {
      throw ErrorCode.INVALID_FIELD.exception("peerId must be 1-256 characters and not name a held peer");
    }
    SessionDescription offer = parse(streamId, offerSdp);
    if (streams.containsKey(streamId)) {
      throw ErrorCode.STREAM_ID_TAKEN.exception("stream " + streamId + " is already published on this node");
    }
    List<NegotiatedMedia> media = negotiate(() -> Negotiator.forPublish(offer, streamId));
    Worker worker = workers[Math.floorMod(nextWorker.getAndIncrement(), workers.length)];
    Stream stream = new Stream(streamId, worker, config, media);
    Peer peer = newPeer(peerId != null ? peerId : "pub-" + UUID.randomUUID(), PeerRole.PUBLISHER, stream, offer, media);
    stream.publisher = peer;
    if (streams.putIfAbsent(streamId, stream) != null) {
      peer.closeTransport();
      throw ErrorCode.STREAM_ID_TAKEN.exception("stream " + streamId + " is already published on this node");
    }
    worker.attach(stream);
    return begin(peer, offer, media);
  }

  /**
   * Accepts a player's offer for a stream published on this node and returns the answer.
   *
   * @throws io.liveroom.infra.contracts.ServiceException {@code STREAM_NOT_FOUND}, {@code INVALID_SDP}
   */
  public MediaSession play(String streamId, String offerSdp) {
    SessionDescription offer = parse(streamId, offerSdp);
    Stream stream = streams.get(streamId);
    if (stream == null) {
      throw ErrorCode.STREAM_NOT_FOUND.exception("stream " + streamId + " is not published on this node");
    }
    LayerSelector.Preference layer = LayerSelector.Preference.fromOffer(offerSdp);
    if (layer == null) {
      throw ErrorCode.INVALID_SDP.exception(LayerSelector.Preference.ATTRIBUTE + " must be auto, high or low");
    }
    List<NegotiatedMedia> media = negotiate(() -> Negotiator.forPlay(offer, stream.published(), streamId));
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
      closePeer(peer, CloseReason.PUBLISHER_GONE);
    }
    return session;
  }

  /** Stops one peer (publisher: the whole stream and its players). False if unknown. */
  public boolean stop(String peerId) {
    Peer peer = peers.get(peerId);
    if (peer == null) {
      return false;
    }
    closePeer(peer, CloseReason.STOPPED);
    return true;
  }

  /** Stops a stream's publisher and so every player of it. False if unknown. */
  public boolean stopStream(String streamId) {
    Stream stream = streams.get(streamId);
    if (stream == null) {
      return false;
    }
    closePeer(stream.publisher, CloseReason.STOPPED);
    return true;
  }

  /** Egress taps of this node's streams (plain RTP copies for egress nodes). */
  public StreamTaps taps() {
    return taps;
  }

  public Optional<StreamStats> stats(String streamId) {
    return Optional.ofNullable(streams.get(streamId)).map(Stream::stats);
  }

  /** Media-quality counters of a stream (transport-cc, NACK/RTX, per-player estimate and layer). */
  public Optional<QualityStats> quality(String streamId) {
    return Optional.ofNullable(streams.get(streamId)).map(Stream::quality);
  }

  public List<StreamStats> stats() {
    return streams.values().stream().map(Stream::stats).toList();
  }

  public Optional<PeerInfo> peer(String peerId) {
    return Optional.ofNullable(peers.get(peerId)).map(Peer::info);
  }

  private synchronized void retire(StreamStats ended) {
    retired = retired.plus(ended);
  }

  /**
   * Traffic totals since start (ended streams included), from the streams' stats, which their
   * forwarding threads refresh about once a second: read at scrape time, never on the packet path.
   */
  public synchronized MediaTotals totals() {
    MediaTotals sum = retired;
    for (Stream stream : streams.values()) {
      sum = sum.plus(stream.stats());
    }
    long drops = 0;
    for (Worker w : workers) {
      drops += w.dropped.sum();
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

  private SessionDescription parse(String streamId, String sdp) {
    if (streamId == null || streamId.isBlank() || streamId.length() > 256) {
      throw ErrorCode.INVALID_FIELD.exception("streamId must be 1-256 characters");
    }
    try {
      SessionDescription offer = SdpParser.parse(sdp);
      if ("passive".equals(offer.setup())) {
        throw new SdpException("a=setup:passive is not supported: the node is the DTLS server");
      }
      return offer;
    } catch (SdpException | NumberFormatException e) {
      throw ErrorCode.INVALID_SDP.exception(e.getMessage());
    }
  }

  private static List<NegotiatedMedia> negotiate(Supplier<List<NegotiatedMedia>> negotiation) {
    try {
      return negotiation.get();
    } catch (SdpException e) {
      throw ErrorCode.INVALID_SDP.exception(e.getMessage());
    }
  }

  private Peer newPeer(String id, PeerRole role, Stream stream, SessionDescription offer,
      List<NegotiatedMedia> media) {
    try {
      return new Peer(id, role, stream, this, offer, media, harvester);
    } catch (IOException e) {
      // the exception names local addresses and ports: it goes to the log, the client gets its kind
      throw Failures.toService(e, "creating an ICE agent for peer " + id);
    }
  }

  private MediaSession begin(Peer peer, SessionDescription offer, List<NegotiatedMedia> media) {
    peers.put(peer.id, peer);
    String answer = answer(peer.ice, media);
    if (tcpServer != null) {
      tcpServer.register(peer.ice.localUfrag(), peer);
    }
    peer.ice.start(offer.iceUfrag(), offer.icePwd(), List.of());
    return new MediaSession(peer.id, peer.stream().id, peer.role, answer);
  }

  /** ICE has a valid pair: run the DTLS handshake (blocking) on a handshake thread. */
  void startDtls(Peer peer) {
    handshakes.execute(() -> {
      try {
        DtlsEndpoint.Keys keys = peer.dtls.handshake();
        SrtpSession srtp = new SrtpSession(keys.srtpProfile(), keys.keyingMaterial(), true);
        synchronized (peer) {
          if (peer.closed.get()) {
            srtp.close();
            return;
          }
          peer.srtp = srtp;
          peer.connected = true;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> peer.id + " connected, SRTP profile " + keys.srtpProfile());
        listener.onPeerConnected(peer.info());
        if (peer.role == PeerRole.PLAYER) {
          Stream stream = peer.stream();
          stream.worker.execute(() -> stream.requestKeyframe(true));
        }
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.INFO, peer.id + " DTLS failed: " + e);
        closePeer(peer, CloseReason.DTLS_FAILED);
      }
    });
  }

  /** Closes a peer from a thread that must not do the work itself (ice4j, forwarding). */
  void closeLater(Peer peer, CloseReason reason) {
    if (!peer.closed.get()) {
      monitor.execute(() -> closePeer(peer, reason));
    }
  }

  private void closePeer(Peer peer, CloseReason reason) {
    if (!peer.closed.compareAndSet(false, true)) {
      return;
    }
    peers.remove(peer.id);
    Stream stream = peer.stream();
    if (peer.role == PeerRole.PLAYER) {
      stream.players.remove(peer);
    } else {
      if (streams.remove(stream.id, stream)) {
        retire(stream.stats());
      }
      for (Peer player : stream.players) {
        stream.worker.execute(() -> stream.sendBye(player));
        closePeer(player, CloseReason.PUBLISHER_GONE);
      }
      stream.worker.detach(stream);
    }
    // after the forwarding thread drained this peer's queued packets: free SRTP, then ICE/DTLS
    stream.worker.execute(() -> {
      SrtpSession srtp;
      synchronized (peer) {
        srtp = peer.srtp;
        peer.srtp = null;
        peer.connected = false;
      }
      if (srtp != null) {
        srtp.close();
      }
      try {
        handshakes.execute(peer::closeTransport);
      } catch (RejectedExecutionException shuttingDown) {
        peer.closeTransport();
      }
    });
    LOG.log(System.Logger.Level.DEBUG, () -> peer.id + " closed: " + reason);
    try {
      listener.onPeerClosed(peer.info(), reason);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "peer-closed listener failed", e);
    }
  }

  /** Every audioLevelIntervalMs: the levels that changed, in one call (monitor thread). */
  private void reportAudioLevels() {
    List<AudioLevel> levels = new ArrayList<>();
    for (Stream stream : streams.values()) {
      AudioLevelMonitor monitor = stream.audioLevels;
      int level = monitor == null ? -1 : monitor.take();
      if (level >= 0) {
        levels.add(new AudioLevel(stream.id, level));
      }
    }
    if (!levels.isEmpty()) {
      try {
        listener.onAudioLevels(levels);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "audio-level listener failed", e);
      }
    }
  }

  /** Drops peers that never connected, failed ICE, or went silent (no media, no consent). */
  private void checkLiveness() {
    long now = System.currentTimeMillis();
    for (Peer peer : peers.values()) {
      if (!peer.connected) {
        if (now - peer.createdMillis > config.connectTimeoutMs()) {
          closePeer(peer, CloseReason.CONNECT_TIMEOUT);
        }
      } else if (now - Math.max(peer.lastReceivedMillis, peer.ice.lastConsentMillis()) > config.peerTimeoutMs()) {
        closePeer(peer, CloseReason.CONSENT_EXPIRED);
      }
    }
  }

  @Override
  public void close() {
    for (Peer peer : List.copyOf(peers.values())) {
      closePeer(peer, CloseReason.SHUTDOWN);
    }
    monitor.shutdown();
    for (Worker w : workers) {
      w.drain(2_000);
    }
    handshakes.shutdown();
    try {
      handshakes.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Worker w : workers) {
      w.stop();
    }
    harvester.close();
    if (tcpServer != null) {
      tcpServer.close();
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
