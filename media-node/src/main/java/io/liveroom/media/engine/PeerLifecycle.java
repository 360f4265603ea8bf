package io.liveroom.media.engine;

import io.liveroom.infra.contracts.MediaStreamStats;
import io.liveroom.media.MediaConfig;
import io.liveroom.media.transport.DtlsEndpoint;
import io.liveroom.media.transport.SrtpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The peers and streams an engine holds, from ICE success (DTLS on a handshake thread) to close (a
 * publisher takes its players with it), with the monitor thread's liveness checks and audio-level
 * reports. Thread-safe.
 */
final class PeerLifecycle {
  private static final System.Logger LOG = System.getLogger(MediaEngine.class.getName());
  private final MediaConfig config;
  private final MediaListener listener;
  final Map<String, Stream> streams = new ConcurrentHashMap<>();
  final Map<String, Peer> peers = new ConcurrentHashMap<>();

  /** Totals of the streams that ended (guarded by {@code this}). */
  private MediaTotals retired = MediaTotals.ZERO;

  private final ExecutorService handshakes = Executors.newCachedThreadPool(daemon("media-dtls"));
  private final ScheduledExecutorService monitor =
      Executors.newSingleThreadScheduledExecutor(daemon("media-monitor"));

  PeerLifecycle(MediaConfig config, long audioLevelIntervalMs, MediaListener listener) {
    this.config = config;
    this.listener = listener;
    monitor.scheduleWithFixedDelay(this::checkLiveness, 1, 1, TimeUnit.SECONDS);
    if (audioLevelIntervalMs > 0) {
      monitor.scheduleAtFixedRate(
          this::reportAudioLevels,
          audioLevelIntervalMs,
          audioLevelIntervalMs,
          TimeUnit.MILLISECONDS);
    }
  }

  synchronized MediaTotals retired() {
    return retired;
  }

  private synchronized void retire(MediaStreamStats ended) {
    retired = retired.plus(ended);
  }

  /** ICE has a valid pair: run the DTLS handshake (blocking) on a handshake thread. */
  void startDtls(Peer peer) {
    handshakes.execute(
        () -> {
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
            LOG.log(
                System.Logger.Level.DEBUG,
                () -> peer.id + " connected, SRTP profile " + keys.srtpProfile());
            if (peer.role == PeerRole.PLAYER) {
              // first frame: the cached keyframe and the keyframe request go out now, before the
              // listener's work
              Stream stream = peer.stream();
              stream.worker.execute(
                  () -> {
                    stream.fanout.prime(peer, null);
                    stream.requestKeyframe(true);
                  });
            }
            listener.onPeerConnected(peer.info());
          } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, peer.id + " DTLS failed: " + e);
            close(peer, CloseReason.DTLS_FAILED);
          }
        });
  }

  /** Closes a peer from a thread that must not do the work itself (ice4j, forwarding). */
  void closeLater(Peer peer, CloseReason reason) {
    if (!peer.closed.get()) {
      monitor.execute(() -> close(peer, reason));
    }
  }

  void close(Peer peer, CloseReason reason) {
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
        close(player, CloseReason.PUBLISHER_GONE);
      }
      stream.worker.detach(stream);
    }
    // after the forwarding thread drained this peer's queued packets: free SRTP, then ICE/DTLS
    stream.worker.execute(
        () -> {
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

  /** Ends an edge's relayed stream: its players end as when a publisher leaves. */
  void endRelayed(Stream stream) {
    if (streams.remove(stream.id, stream)) {
      retire(stream.stats());
    }
    for (Peer player : stream.players) {
      stream.worker.execute(() -> stream.sendBye(player));
      close(player, CloseReason.PUBLISHER_GONE);
    }
    stream.worker.detach(stream);
  }

  /** Every audioLevelIntervalMs: the levels that changed, in one call (monitor thread). */
  private void reportAudioLevels() {
    List<AudioLevel> levels = new ArrayList<>();
    for (Stream stream : streams.values()) {
      AudioLevelMonitor monitor = stream.relay == null ? stream.audioLevels : null; // origin's
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
          close(peer, CloseReason.CONNECT_TIMEOUT);
        }
      } else if (now - Math.max(peer.lastReceivedMillis, peer.ice.lastConsentMillis())
          > config.peerTimeoutMs()) {
        close(peer, CloseReason.CONSENT_EXPIRED);
      }
    }
  }

  /** The monitor thread (liveness checks, audio levels, egress tap leases). */
  ScheduledExecutorService monitor() {
    return monitor;
  }

  /** Closes every peer and stops the monitor (the forwarding threads are the engine's to drain). */
  void closeAll() {
    for (Peer peer : List.copyOf(peers.values())) {
      close(peer, CloseReason.SHUTDOWN);
    }
    monitor.shutdown();
  }

  /** After the forwarding threads drained: waits for the handshake threads' transport closes. */
  void awaitHandshakes() {
    handshakes.shutdown();
    try {
      handshakes.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
