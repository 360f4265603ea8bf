package io.liveroom.media.engine;

import io.liveroom.infra.contracts.MediaStreamStats;
import io.liveroom.media.MediaConfig;
import io.liveroom.media.MediaConnectivityConfig;
import io.liveroom.media.transport.DtlsCertificate;
import io.liveroom.media.transport.IceTransport;
import io.liveroom.media.transport.SrtpSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SFU of one media node, usable without Vert.x. One UDP port (a shared ice4j single-port
 * harvester) for every peer; the node is ICE-controlled and the DTLS server. Media never touches
 * the calling thread: packets run on the engine's forwarding threads. All methods are thread-safe;
 * publish/play/stop return quickly (no network waits). The sockets are {@link NodeSockets}, offers
 * become peers in {@link PeerAdmission}, the peers' connect/close and the monitor are {@link
 * PeerLifecycle}.
 */
public final class MediaEngine implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(MediaEngine.class.getName());
  private final NodeSockets sockets;
  private final Worker[] workers;
  private final PeerLifecycle lifecycle;
  private final Map<String, Stream> streams;
  private final Map<String, Peer> peers;

  /** The last totals read (guarded by {@code this}). */
  private MediaTotals lastTotals = MediaTotals.ZERO;

  private final StreamTaps taps;
  private final PeerAdmission admission;
  private RelayLinks relays;

  private MediaEngine(
      MediaConfig config, MediaConnectivityConfig connectivity, MediaListener listener)
      throws IOException {
    IceTransport.configureIce4j();
    PacketPool.install();
    SrtpSession.warmUp();
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
    this.admission = new PeerAdmission(this, config, sockets, workers, lifecycle);
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
    return admission.restartIce(peerId, offerSdp);
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
    return admission.publish(streamId, offerSdp, peerId);
  }

  /**
   * Accepts a player's offer for a stream published on this node and returns the answer.
   *
   * @throws io.liveroom.infra.contracts.ServiceException {@code STREAM_NOT_FOUND}, {@code
   *     INVALID_SDP}
   */
  public MediaSession play(String streamId, String offerSdp) {
    return admission.play(streamId, offerSdp);
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
    if (stream.publisher == null) {
      lifecycle.endRelayed(stream);
      return true;
    }
    lifecycle.close(stream.publisher, CloseReason.STOPPED);
    return true;
  }

  /**
   * Opens this node's relay socket (origin and edge links) on the bind address, port {@code port}
   * (0: any free port), advertised at the first host candidate's address.
   */
  public synchronized RelayLinks startRelays(String bindAddress, int port) throws IOException {
    if (relays == null) {
      relays =
          new RelayLinks(
              lifecycle, admission, bindAddress, sockets.candidates.get(0).getAddress(), port);
    }
    return relays;
  }

  /** The relay links, null until {@link #startRelays}. */
  public RelayLinks relays() {
    return relays;
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
    RelayLinks r = relays;
    if (r != null) {
      r.close();
    }
  }
}
