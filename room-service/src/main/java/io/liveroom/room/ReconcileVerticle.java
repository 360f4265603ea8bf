package io.liveroom.room;

import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.config.EventsConfig;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.store.DeliveryCursors;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the event log's {@link Reconciliation} every {@code events.reconcileMs} on the one
 * room-service instance that holds the {@value #LEASE} lease (kept with the webhook cursors'
 * leases; another instance takes over three intervals after the holder died). Counts what it
 * appended in {@code liveroom_events_reconciled_total{type}}.
 */
public final class ReconcileVerticle extends VerticleBase {
  static final String LEASE = "reconcile:membership";
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileVerticle.class);
  private final Node node;
  private final ReconcileConfig config;
  private final String owner;
  private Reconciliation reconciliation;
  private DeliveryCursors leases;
  private Counter left;
  private Counter joined;
  private long timer = -1;
  private boolean running;
  private boolean holding;

  public ReconcileVerticle(Node node) {
    this.node = node;
    this.config = ReconcileConfig.from(node.config());
    this.owner = node.id() + "/" + UUID.randomUUID();
  }

  @Override
  public Future<?> start() {
    reconciliation =
        new Reconciliation(
            node.stores().membership(),
            node.stores().rooms(),
            node.stores().events(EventsConfig.from(node.config())),
            config.graceMs(),
            System::currentTimeMillis);
    leases = node.stores().deliveryCursors();
    left = counter("user.left");
    joined = counter("user.joined");
    timer = vertx.setPeriodic(config.intervalMs(), t -> tick());
    return Future.succeededFuture();
  }

  private Counter counter(String type) {
    return Counter.builder("liveroom.events.reconciled")
        .tag("type", type)
        .description("events the reconciliation of the event log with the membership store added")
        .register(node.metrics().registry());
  }

  private void tick() {
    if (running) {
      return;
    }
    running = true;
    leases
        .acquire(LEASE, owner, config.leaseMs())
        .compose(
            fence -> {
              if (fence <= 0) {
                holding = false;
                reconciliation.reset();
                return Future.succeededFuture();
              }
              if (!holding) {
                holding = true;
                reconciliation.reset();
                LOG.info("event-log reconciliation runs on this instance ({})", owner);
              }
              return reconciliation.pass().onSuccess(this::report);
            })
        // a store request that is never answered must not stop every later pass
        .timeout(Math.max(config.leaseMs(), config.intervalMs()), TimeUnit.MILLISECONDS)
        .onFailure(e -> Failures.logBackground(e, "event-log reconciliation"))
        .onComplete(ar -> running = false);
  }

  private void report(Reconciliation.Outcome outcome) {
    left.increment(outcome.left());
    joined.increment(outcome.joined());
    if (outcome.left() + outcome.joined() > 0) {
      LOG.warn(
          "event log reconciled with the membership store: {} user.left (stale), {} user.joined"
              + " added ({} rooms compared)",
          outcome.left(),
          outcome.joined(),
          outcome.rooms());
    }
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return holding ? leases.release(LEASE, owner) : Future.succeededFuture();
  }
}
