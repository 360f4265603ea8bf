package io.liveroom.media;

import io.liveroom.media.engine.RelayLinks;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The cascade's {@code liveroom_media_relay_*} meters, per relay link (tags {@code peer}: the other
 * node, {@code role}: origin or edge, as this node is on the link). Read from the link's counters
 * at scrape time; registered when a link opens.
 */
final class RelayMeters {
  private RelayMeters() {}

  static void bind(MeterRegistry registry, RelayLinks relays) {
    if (relays == null) {
      return;
    }
    relays.onNewLink(
        (linkId, peer, origin) -> {
          String role = origin ? "origin" : "edge";
          counter(
              registry,
              "liveroom.media.relay.packets.sent",
              "relay datagrams sent on the link",
              relays,
              linkId,
              peer,
              role,
              RelayLinks.LinkStats::packetsSent);
          counter(
              registry,
              "liveroom.media.relay.bytes.sent",
              "relay bytes sent on the link",
              relays,
              linkId,
              peer,
              role,
              RelayLinks.LinkStats::bytesSent);
          counter(
              registry,
              "liveroom.media.relay.packets.received",
              "relay packets received and authenticated on the link",
              relays,
              linkId,
              peer,
              role,
              RelayLinks.LinkStats::packetsReceived);
          counter(
              registry,
              "liveroom.media.relay.drops",
              "relay packets not sent (socket buffer full, no address yet)",
              relays,
              linkId,
              peer,
              role,
              RelayLinks.LinkStats::dropped);
          Gauge.builder(
                  "liveroom.media.relay.streams",
                  relays,
                  r -> value(r, linkId, RelayLinks.LinkStats::streams))
              .description("streams relayed on the link")
              .tag("peer", peer)
              .tag("role", role)
              .register(registry);
          Gauge.builder(
                  "liveroom.media.relay.layers",
                  relays,
                  r -> value(r, linkId, s -> s.layers().size()))
              .description("simulcast layers relayed on the link (those the edge's players use)")
              .tag("peer", peer)
              .tag("role", role)
              .register(registry);
        });
  }

  private static void counter(
      MeterRegistry registry,
      String name,
      String description,
      RelayLinks relays,
      String linkId,
      String peer,
      String role,
      ToDoubleFunction<RelayLinks.LinkStats> field) {
    FunctionCounter.builder(name, relays, r -> value(r, linkId, field))
        .description(description)
        .tag("peer", peer)
        .tag("role", role)
        .register(registry);
  }

  private static double value(
      RelayLinks relays, String linkId, ToDoubleFunction<RelayLinks.LinkStats> field) {
    return relays.stats().stream()
        .filter(s -> s.linkId().equals(linkId))
        .mapToDouble(field)
        .findFirst()
        .orElse(0);
  }
}
