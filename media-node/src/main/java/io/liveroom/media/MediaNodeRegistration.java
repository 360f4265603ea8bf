package io.liveroom.media;

import io.liveroom.infra.contracts.MediaStreamStats;
import io.liveroom.infra.store.MediaNodeRecord;
import io.liveroom.infra.store.Stores;
import io.liveroom.media.engine.MediaEngine;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * This node in the media-node registry: its addresses, capacity and load, announced under a lease;
 * on shutdown it drains (announced as draining: no new rooms; waits for its streams to end),
 * withdraws, and waits until room-service moved its remaining rooms.
 */
final class MediaNodeRegistration {
  private static final System.Logger LOG = System.getLogger(MediaNodeRegistration.class.getName());
  private static final long POLL_MS = 250;

  /** After withdrawing, how long to wait for room-service to move this node's rooms. */
  private static final long HANDOFF_TIMEOUT_MS = 8_000;

  private static final long STOP_AFTER_MOVE_MS = 3_000;

  private final Vertx vertx;
  private final String nodeId;
  private final Stores stores;
  private final MediaCapacityConfig capacity;
  private final MediaEngine engine;
  private volatile boolean draining;

  /** Withdrawn while draining: the periodic announcement must not put the node back. */
  private volatile boolean withdrawn;

  MediaNodeRegistration(
      Vertx vertx, String nodeId, Stores stores, MediaCapacityConfig capacity, MediaEngine engine) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.stores = stores;
    this.capacity = capacity;
    this.engine = engine;
  }

  Future<Void> announce() {
    if (withdrawn) {
      return Future.succeededFuture();
    }
    return stores.mediaNodes().announce(record(), capacity.leaseMs());
  }

  MediaNodeRecord record() {
    List<MediaStreamStats> streams = engine.stats();
    int players = streams.stream().mapToInt(MediaStreamStats::players).sum();
    long in = streams.stream().mapToLong(MediaStreamStats::bitrateBps).sum();
    long out = streams.stream().mapToLong(s -> s.bitrateBps() * s.players()).sum();
    List<String> addresses =
        engine.candidates().stream()
            .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort())
            .toList();
    return new MediaNodeRecord(
        nodeId,
        addresses,
        capacity.maxStreams(),
        capacity.maxPlayers(),
        capacity.maxBandwidthBps(),
        streams.size(),
        players,
        in,
        out,
        cpuLoad(),
        draining,
        System.currentTimeMillis());
  }

  private static double cpuLoad() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuLoad();
    }
    return -1;
  }

  /**
   * Drains: announces draining, waits up to {@code drainTimeoutMs} for the streams to end,
   * withdraws from the registry, then, while streams are left, waits (bounded) until room-service
   * moved every room placed here (its gateways then tell the publishers and players to move).
   */
  Future<Void> drain() {
    draining = true;
    long started = System.currentTimeMillis();
    return announce()
        .otherwiseEmpty()
        .compose(v -> until(() -> engine.stats().isEmpty(), capacity.drainTimeoutMs()))
        .compose(
            ended -> {
              LOG.log(
                  System.Logger.Level.INFO,
                  "media node "
                      + nodeId
                      + " drained "
                      + (ended
                          ? "(streams ended)"
                          : "(timeout, " + engine.stats().size() + " stream(s) left)")
                      + " after "
                      + (System.currentTimeMillis() - started)
                      + " ms; withdrawing");
              withdrawn = true;
              return stores.mediaNodes().remove(nodeId).otherwiseEmpty();
            })
        .compose(
            v ->
                untilAsync(
                    () ->
                        engine.stats().isEmpty()
                            ? Future.succeededFuture(true)
                            : stores.placements().roomsOn(nodeId).map(List::isEmpty),
                    HANDOFF_TIMEOUT_MS))
        // a moved room's streams are stopped here by room-service right after it told the
        // gateways of the move: closing the engine before that would end the peers with
        // SHUTTING_DOWN instead of the move's code
        .compose(v -> until(() -> engine.stats().isEmpty(), STOP_AFTER_MOVE_MS))
        .mapEmpty();
  }

  private Future<Boolean> until(BooleanSupplier done, long timeoutMs) {
    return untilAsync(() -> Future.succeededFuture(done.getAsBoolean()), timeoutMs);
  }

  /** Polls {@code done} every {@value #POLL_MS} ms; true when it held, false on timeout. */
  private Future<Boolean> untilAsync(Supplier<Future<Boolean>> done, long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    Promise<Boolean> result = Promise.promise();
    poll(done, deadline, result);
    return result.future();
  }

  private void poll(Supplier<Future<Boolean>> done, long deadline, Promise<Boolean> result) {
    done.get()
        .otherwise(false)
        .onComplete(
            ar -> {
              if (ar.result()) {
                result.complete(true);
              } else if (System.currentTimeMillis() >= deadline) {
                result.complete(false);
              } else {
                vertx.setTimer(POLL_MS, t -> poll(done, deadline, result));
              }
            });
  }
}
