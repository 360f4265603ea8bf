package io.liveroom.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.GatewayMetrics;
import io.liveroom.gateway.fanout.RoomFanout;
import io.liveroom.infra.config.Config;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.GatewayLease;
import io.liveroom.infra.contracts.LeaseAck;
import io.liveroom.infra.contracts.RecordCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A presence report whose reply is lost can still be stored: after a partition heals, a report the
 * gateway gave up on may arrive late and renew a lease that had lapsed (its members evicted), and
 * the next ack then says "renewed". The reporter re-asserts its members when its reports failed for
 * longer than the lease, and only then. A lease store on the real event bus stands in for
 * presence-service: it stores every report, expires a lease that was not renewed in time, and
 * answers or drops the reply as the test says.
 */
class PresenceReporterTest {
  private static final long TTL_MS = 600;
  private Vertx vertx;
  private final AtomicBoolean dropReplies = new AtomicBoolean();
  private final AtomicInteger reports = new AtomicInteger();
  private final AtomicInteger lost = new AtomicInteger();
  private volatile long storedAt;
  private volatile boolean held;
  private PresenceReporter reporter;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    RecordCodec.register(vertx.eventBus());
    vertx
        .eventBus()
        .<GatewayLease>consumer(
            Addresses.PRESENCE_LEASE_REPORT,
            msg -> {
              long now = System.nanoTime();
              boolean renewed = held && (now - storedAt) / 1_000_000 < TTL_MS;
              held = true;
              storedAt = now;
              reports.incrementAndGet();
              if (!dropReplies.get()) {
                msg.reply(new LeaseAck(msg.body().gatewayId(), renewed, TTL_MS, 50));
              }
            });
    GatewayConfig config =
        GatewayConfig.from(
            Config.of(
                Map.of(
                    "gateway.presenceReportIntervalMs", "50",
                    "gateway.presenceRetryMs", "50")));
    reporter =
        new PresenceReporter(
            vertx,
            "gw1",
            new Bus(vertx.eventBus(), 100),
            new RoomFanout(vertx, config, new GatewayMetrics(new SimpleMeterRegistry())),
            List::of,
            config);
    reporter.onLeaseLost(lost::incrementAndGet);
    vertx.runOnContext(v -> reporter.start());
    until("reports acknowledged", () -> reporter.reports() >= 3);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void repliesLostForLongerThanTheLeaseMeanTheMembersAreReasserted() {
    long before = reporter.reports();
    dropReplies.set(true);
    // the reports are stored all along (each renews the lease) but the gateway hears nothing
    pause(TTL_MS * 2);
    dropReplies.set(false);
    until("reports acknowledged again", () -> reporter.reports() > before + 2);
    assertEquals(
        1, lost.get(), "re-asserted once: a stored report may have revived a lapsed lease");
  }

  @Test
  void repliesLostBrieflyChangeNothing() {
    long before = reporter.reports();
    dropReplies.set(true);
    pause(TTL_MS / 4);
    dropReplies.set(false);
    until("reports acknowledged again", () -> reporter.reports() > before + 2);
    assertEquals(0, lost.get(), "a failure shorter than the lease cannot have cost the lease");
  }

  @Test
  void aLapsedLeaseIsReassertedOnce() {
    long before = reporter.reports();
    held = false; // presence expired the lease: the next report finds it gone
    until("reports acknowledged", () -> reporter.reports() > before + 2);
    assertEquals(1, lost.get());
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void until(String what, BooleanSupplier probe) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (probe.getAsBoolean()) {
        return;
      }
      pause(10);
    }
    throw new AssertionError("not within 10 s: " + what);
  }
}
