package io.liveroom.infra.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigException;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.RecordCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Event-bus request meters over a real event bus, address folding, and the metrics config. */
@ExtendWith(VertxExtension.class)
class BusMetricsTest {
  @Test
  void requestsAreTimedPerFoldedAddressAndTimeoutsCounted(Vertx vertx, VertxTestContext ctx) {
    RecordCodec.register(vertx.eventBus());
    NodeMetrics metrics = NodeMetrics.create(new MetricsConfig(true, "", false), "n1");
    MeterRegistry registry = metrics.registry();
    Bus bus = new Bus(vertx.eventBus(), 200, new BusMetrics(registry));
    String control = Addresses.gatewaySessionControl("gw-7f3a");
    bus.serve(control, String.class, s -> Future.succeededFuture(s));
    vertx.eventBus().consumer("test.silent", m -> {}); // never replies
    Future.join(
            bus.request(control, "a", String.class),
            bus.request(Addresses.gatewaySessionControl("gw-other"), "b", String.class)
                .recover(e -> Future.succeededFuture()),
            bus.request("test.silent", "c", String.class).recover(e -> Future.succeededFuture()))
        .onComplete(
            ctx.succeeding(
                v ->
                    ctx.verify(
                        () -> {
                          assertEquals(
                              2,
                              registry
                                  .get("liveroom.bus.request")
                                  .tag("address", "gateway.session.control.*")
                                  .timer()
                                  .count(),
                              "both gateways' control addresses under one label");
                          assertEquals(
                              0,
                              registry
                                  .get("liveroom.bus.timeouts")
                                  .tag("address", "gateway.session.control.*")
                                  .counter()
                                  .count(),
                              "no consumer is not a timeout");
                          assertEquals(
                              1,
                              registry
                                  .get("liveroom.bus.timeouts")
                                  .tag("address", "test.silent")
                                  .counter()
                                  .count());
                          String text = metrics.scrape();
                          assertFalse(text.contains("gw-7f3a"), text);
                          assertTrue(
                              text.contains(
                                  "liveroom_bus_timeouts_total{address=\"test.silent\",node=\"n1\"} 1.0"),
                              text);
                          ctx.completeNow();
                        })));
  }

  @Test
  void addressesEndingInAnIdFoldToTheirPrefix() {
    assertEquals("room.event.published.*", Addresses.metricName(Addresses.roomEvents("lobby")));
    assertEquals("media.peer.publish.*", Addresses.metricName(Addresses.mediaPublish("media-1")));
    assertEquals("__vertx.reply", Addresses.metricName("__vertx.reply.42"));
    assertEquals(Addresses.ROOM_LOGIN, Addresses.metricName(Addresses.ROOM_LOGIN));
  }

  @Test
  void configDefaultsAndValidation() {
    MetricsConfig defaults = MetricsConfig.from(Config.of(Map.of()));
    assertEquals(new MetricsConfig(true, "", true), defaults);
    assertThrows(
        ConfigException.class,
        () -> MetricsConfig.from(Config.of(Map.of("metrics.token", "short"))));
    assertThrows(
        ConfigException.class,
        () -> MetricsConfig.from(Config.of(Map.of("metrics.enabled", "maybe"))));
    assertEquals("", NodeMetrics.create(new MetricsConfig(false, "", true), "n").scrape());
  }
}
