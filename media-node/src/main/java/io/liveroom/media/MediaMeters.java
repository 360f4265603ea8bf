package io.liveroom.media;

import io.liveroom.infra.contracts.MediaStreamStats;
import io.liveroom.infra.store.MediaNodeRecord;
import io.liveroom.media.engine.MediaEngine;
import io.liveroom.media.engine.MediaTotals;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The media node's {@code liveroom_media_*} meters. Everything is read from the engine when scraped
 * (its streams' stats, refreshed by the forwarding threads about once a second): the packet path is
 * not touched.
 */
final class MediaMeters {
  private MediaMeters() {}

  static void bind(MeterRegistry registry, MediaEngine engine, MediaNodeRegistration registration) {
    gauge(
        registry,
        "liveroom.media.peers",
        "WebRTC peers held (publishers and players, connecting or connected)",
        engine,
        MediaEngine::peerCount);
    gauge(
        registry,
        "liveroom.media.streams",
        "published streams on this node",
        engine,
        e -> e.stats().size());
    gauge(
        registry,
        "liveroom.media.players",
        "players over all streams",
        engine,
        MediaEngine::playerCount);
    gauge(
        registry,
        "liveroom.media.bitrate.in.bps",
        "media bitrate received from publishers (last second)",
        engine,
        e -> e.stats().stream().mapToLong(MediaStreamStats::bitrateBps).sum());
    gauge(
        registry,
        "liveroom.media.uplink.loss.ratio",
        "worst publisher uplink loss of the last interval over the streams, 0-1",
        engine,
        e -> e.stats().stream().mapToDouble(MediaStreamStats::fractionLost).max().orElse(0));
    counter(
        registry,
        "liveroom.media.packets.in",
        "RTP packets received from publishers",
        engine,
        MediaTotals::packetsIn);
    counter(
        registry,
        "liveroom.media.bytes.in",
        "RTP bytes received from publishers",
        engine,
        MediaTotals::bytesIn);
    counter(
        registry,
        "liveroom.media.packets.out",
        "RTP packets sent to players",
        engine,
        MediaTotals::packetsOut);
    counter(
        registry,
        "liveroom.media.bytes.out",
        "RTP bytes sent to players",
        engine,
        MediaTotals::bytesOut);
    counter(
        registry,
        "liveroom.media.packets.lost",
        "packets the publishers' uplinks lost",
        engine,
        MediaTotals::packetsLost);
    counter(
        registry,
        "liveroom.media.nacks.answered",
        "NACKed packets retransmitted to players",
        engine,
        MediaTotals::nacksAnswered);
    counter(
        registry,
        "liveroom.media.keyframe.requests",
        "keyframe requests (PLI) sent to publishers, for players' PLI/FIR and new players",
        engine,
        MediaTotals::keyframeRequests);
    counter(
        registry,
        "liveroom.media.forwarding.drops",
        "inbound packets dropped: a forwarding thread's queue was full",
        engine,
        MediaTotals::forwardingDrops);
    capacity(registry, "streams", registration, r -> ratio(r.streams(), r.maxStreams()));
    capacity(registry, "players", registration, r -> ratio(r.players(), r.maxPlayers()));
    capacity(
        registry,
        "bandwidth",
        registration,
        r -> ratio(r.bitrateInBps() + r.bitrateOutBps(), r.maxBandwidthBps()));
  }

  private static void gauge(
      MeterRegistry registry,
      String name,
      String description,
      MediaEngine engine,
      ToDoubleFunction<MediaEngine> value) {
    Gauge.builder(name, engine, value).description(description).register(registry);
  }

  private static void counter(
      MeterRegistry registry,
      String name,
      String description,
      MediaEngine engine,
      ToLongFunction<MediaTotals> field) {
    FunctionCounter.builder(name, engine, e -> field.applyAsLong(e.totals()))
        .description(description)
        .register(registry);
  }

  private static void capacity(
      MeterRegistry registry,
      String resource,
      MediaNodeRegistration registration,
      ToDoubleFunction<MediaNodeRecord> used) {
    Gauge.builder("liveroom.media.capacity.used", registration, r -> used.applyAsDouble(r.record()))
        .description(
            "share of the node's capacity in use (media.maxStreams, maxPlayers, maxBandwidthBps), 0-1")
        .tag("resource", resource)
        .baseUnit("ratio")
        .register(registry);
  }

  private static double ratio(long used, long max) {
    return max <= 0 ? 0 : (double) used / max;
  }
}
