package io.liveroom.presence;

import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.contracts.GatewayExpired;
import io.liveroom.infra.contracts.GatewayLease;
import io.liveroom.infra.contracts.OnlineQuery;
import io.liveroom.infra.contracts.RoomCountQuery;
import io.liveroom.infra.contracts.RoomOnlineCountChanged;
import io.liveroom.infra.contracts.UserPresenceQuery;
import io.liveroom.infra.store.Stores;
import io.liveroom.presence.store.LeaseStore;
import io.liveroom.presence.store.MemoryLeaseStore;
import io.liveroom.presence.store.RedisLeaseStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Deploys {@link PresenceService}: serves the lease reports and the three queries, and runs the
 * expiry scan ({@code expiryScanMs}) and the count pushes ({@code pushIntervalMs}) on timers. The
 * leases live in Redis when the node uses it (shared by every instance), else in this process.
 */
public final class PresenceVerticle extends VerticleBase {
  private final Node node;
  private final PresenceConfig config;
  private final List<Long> timers = new ArrayList<>();
  private PresenceService presence;

  public PresenceVerticle(Node node) {
    this.node = node;
    this.config = PresenceConfig.from(node.config());
  }

  @Override
  public Future<?> start() {
    Stores stores = node.stores();
    LeaseStore store =
        stores.usesRedis()
            ? new RedisLeaseStore(stores.redis(), stores.config().keyPrefix())
            : new MemoryLeaseStore(Clock.systemUTC());
    String instanceId = node.id() + "/" + UUID.randomUUID().toString().substring(0, 8);
    Bus bus = node.bus();
    presence =
        new PresenceService(
            store, config, new BusPresenceEvents(bus), Clock.systemUTC(), instanceId);
    PresenceMeters.bind(node.metrics().registry(), presence);
    return Future.join(
            bus.serve(Addresses.PRESENCE_LEASE_REPORT, GatewayLease.class, presence::report)
                .completion(),
            bus.serve(Addresses.PRESENCE_ROOM_COUNT_GET, RoomCountQuery.class, presence::roomCount)
                .completion(),
            bus.serve(Addresses.PRESENCE_ONLINE_GET, OnlineQuery.class, presence::online)
                .completion(),
            bus.serve(Addresses.PRESENCE_USER_GET, UserPresenceQuery.class, presence::user)
                .completion())
        .onSuccess(
            v -> {
              timers.add(every(config.expiryScanMs(), "expiry scan", presence::expire));
              timers.add(every(config.pushIntervalMs(), "count push", presence::pushCounts));
            });
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    timers.clear();
    return presence == null
        ? Future.succeededFuture()
        : presence.close().recover(e -> Future.succeededFuture());
  }

  /** Runs {@code task} every {@code ms}, skipping a tick while the previous run is still going. */
  private long every(long ms, String what, Supplier<Future<?>> task) {
    boolean[] running = new boolean[1];
    return vertx.setPeriodic(
        ms,
        id -> {
          if (running[0]) {
            return;
          }
          running[0] = true;
          Future<?> run;
          try {
            run = task.get();
          } catch (RuntimeException e) {
            run = Future.failedFuture(e);
          }
          run.onComplete(
              ar -> {
                running[0] = false;
                if (ar.failed()) {
                  Failures.logBackground(ar.cause(), "presence " + what);
                }
              });
        });
  }

  /** Expiries go to room-service's address, count changes to the room's event address. */
  private record BusPresenceEvents(Bus bus) implements PresenceEvents {
    @Override
    public void gatewayExpired(GatewayExpired event) {
      bus.publish(Addresses.PRESENCE_GATEWAY_EXPIRED, event);
    }

    @Override
    public void roomCountChanged(RoomOnlineCountChanged event) {
      bus.publish(Addresses.roomEvents(event.roomId()), event);
    }
  }
}
