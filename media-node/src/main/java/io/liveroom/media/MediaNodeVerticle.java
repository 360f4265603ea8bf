package io.liveroom.media;

import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.contracts.MediaAnswer;
import io.liveroom.infra.contracts.MediaAudioLevels;
import io.liveroom.infra.contracts.MediaPeerUpdated;
import io.liveroom.infra.contracts.MediaPlay;
import io.liveroom.infra.contracts.MediaPublish;
import io.liveroom.infra.contracts.MediaRestartIce;
import io.liveroom.infra.contracts.MediaStats;
import io.liveroom.infra.contracts.MediaStatsQuery;
import io.liveroom.infra.contracts.MediaStop;
import io.liveroom.infra.contracts.MediaStopped;
import io.liveroom.infra.contracts.MediaStreamStats;
import io.liveroom.media.engine.AudioLevel;
import io.liveroom.media.engine.CloseReason;
import io.liveroom.media.engine.MediaEngine;
import io.liveroom.media.engine.MediaListener;
import io.liveroom.media.engine.MediaSession;
import io.liveroom.media.engine.PeerInfo;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The media service: runs this node's {@link MediaEngine} (the SFU) and serves it on the per-node
 * addresses {@link Addresses#mediaPublish}, {@link Addresses#mediaPlay}, {@link
 * Addresses#mediaStop} and {@link Addresses#mediaStats}. Peer state changes are published as {@link
 * MediaPeerUpdated} on {@link Addresses#MEDIA_PEER_UPDATED}. Engine calls run on worker threads,
 * never the event loop.
 */
public final class MediaNodeVerticle extends VerticleBase {
  private final Node node;
  private final MediaConfig config;

  /**
   * How often this node announces itself and its load in the media-node registry (room-service
   * reads it).
   */
  static final long ANNOUNCE_INTERVAL_MS = 2_000;

  private final MediaCapacityConfig capacity;
  private final MediaConnectivityConfig connectivity;
  private final MediaRelayConfig relay;
  private MediaEngine engine;
  private MediaNodeRegistration registration;
  private long announceTimer = -1;

  public MediaNodeVerticle(Node node) {
    this.node = node;
    this.config = MediaConfig.from(node.config());
    this.capacity = MediaCapacityConfig.from(node.config());
    this.connectivity = MediaConnectivityConfig.from(node.config());
    this.relay = MediaRelayConfig.from(node.config());
  }

  /** The running engine (null before start), for in-process callers and metrics. */
  public MediaEngine engine() {
    return engine;
  }

  @Override
  public Future<?> start() {
    Bus bus = node.bus();
    return vertx
        .executeBlocking(
            () -> {
              MediaEngine e =
                  MediaEngine.start(config, connectivity, new BusListener(bus, node.id()));
              e.startRelays(config.bindAddress(), relay.relayPort());
              return e;
            },
            false)
        .compose(
            started -> {
              engine = started;
              registration =
                  new MediaNodeRegistration(vertx, node.id(), node.stores(), capacity, started);
              MediaMeters.bind(node.metrics().registry(), started, registration);
              RelayMeters.bind(node.metrics().registry(), started.relays());
              node.status().check("media", () -> Future.succeededFuture());
              String id = node.id();
              announceTimer = vertx.setPeriodic(ANNOUNCE_INTERVAL_MS, t -> announce());
              return Future.join(
                      List.of(
                          // the store lost the registry: announce now rather than at the next tick
                          bus.eventBus()
                              .localConsumer(Addresses.STORE_RESET, m -> announce())
                              .completion(),
                          bus.serve(
                                  Addresses.mediaPublish(id),
                                  MediaPublish.class,
                                  q ->
                                      blocking(
                                          () ->
                                              answer(
                                                  engine.publish(
                                                      q.streamId(), q.offerSdp(), q.peerId()))))
                              .completion(),
                          bus.serve(
                                  Addresses.mediaPlay(id),
                                  MediaPlay.class,
                                  q -> blocking(() -> answer(admitPlayer(q))))
                              .completion(),
                          bus.serve(
                                  Addresses.mediaRestartIce(id),
                                  MediaRestartIce.class,
                                  q ->
                                      blocking(
                                          () ->
                                              answer(engine.restartIce(q.peerId(), q.offerSdp()))))
                              .completion(),
                          bus.serve(
                                  Addresses.mediaStop(id),
                                  MediaStop.class,
                                  q -> blocking(() -> stop(q)))
                              .completion(),
                          bus.serve(
                                  Addresses.mediaStats(id),
                                  MediaStatsQuery.class,
                                  q -> Future.succeededFuture(stats(q)))
                              .completion(),
                          MediaTapService.serve(bus, id, () -> engine),
                          MediaRelayService.serve(vertx, bus, id, () -> engine)))
                  .compose(v -> announce()); // serving before room-service can place rooms here
            });
  }

  /** Into the shared registry under a lease (room-service places rooms from it). */
  private Future<Void> announce() {
    return registration
        .announce()
        .onFailure(e -> Failures.logBackground(e, "media node announcement"));
  }

  /**
   * Drains (no new rooms, waits for streams to end, hands the rest over), then closes the engine.
   */
  @Override
  public Future<?> stop() {
    MediaEngine running = engine;
    if (running == null) {
      return Future.succeededFuture();
    }
    return registration
        .drain()
        .eventually(
            () -> {
              vertx.cancelTimer(announceTimer);
              return vertx.executeBlocking(
                  () -> {
                    running.close();
                    return null;
                  },
                  false);
            });
  }

  private <T> Future<T> blocking(Callable<T> call) {
    return vertx.executeBlocking(call, false);
  }

  /**
   * A player within {@code media.maxPlayers}, else {@code MEDIA_NODE_FULL} (the gateway places it
   * on another node); serialized so racing plays cannot overshoot.
   */
  private synchronized MediaSession admitPlayer(MediaPlay q) {
    if (engine.playerCount() >= capacity.maxPlayers()) {
      throw ErrorCode.MEDIA_NODE_FULL.exception(
          "media node " + node.id() + " holds " + capacity.maxPlayers() + " players");
    }
    return engine.play(q.streamId(), q.offerSdp());
  }

  private MediaAnswer answer(MediaSession session) {
    return new MediaAnswer(node.id(), session.peerId(), session.streamId(), session.answerSdp());
  }

  private MediaStopped stop(MediaStop q) {
    if (q.peerId() != null) {
      return new MediaStopped(engine.stop(q.peerId()));
    }
    if (q.streamId() != null) {
      return new MediaStopped(engine.stopStream(q.streamId()));
    }
    throw ErrorCode.INVALID_FIELD.exception("peerId or streamId is required");
  }

  private MediaStats stats(MediaStatsQuery q) {
    List<MediaStreamStats> list =
        q.streamId() == null ? engine.stats() : engine.stats(q.streamId()).stream().toList();
    return new MediaStats(node.id(), list);
  }

  /** Engine callbacks become published events (the event bus may be used from any thread). */
  private record BusListener(Bus bus, String nodeId) implements MediaListener {
    @Override
    public void onPeerConnected(PeerInfo peer) {
      bus.publish(
          Addresses.MEDIA_PEER_UPDATED,
          new MediaPeerUpdated(
              nodeId, peer.peerId(), peer.streamId(), peer.role().name(), "CONNECTED", null, 0));
    }

    @Override
    public void onAudioLevels(List<AudioLevel> levels) {
      bus.publish(
          Addresses.MEDIA_AUDIO_LEVELS,
          new MediaAudioLevels(
              nodeId,
              levels.stream()
                  .map(l -> new MediaAudioLevels.Level(l.streamId(), l.soundLevel()))
                  .toList()));
    }

    @Override
    public void onPeerClosed(PeerInfo peer, CloseReason reason) {
      ErrorCode code = reason.errorCode();
      bus.publish(
          Addresses.MEDIA_PEER_UPDATED,
          new MediaPeerUpdated(
              nodeId,
              peer.peerId(),
              peer.streamId(),
              peer.role().name(),
              "CLOSED",
              reason.name(),
              code == null ? 0 : code.code()));
    }
  }
}
