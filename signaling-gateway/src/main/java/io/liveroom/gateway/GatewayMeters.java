package io.liveroom.gateway;

import io.liveroom.gateway.fanout.RoomFanout;
import io.liveroom.gateway.session.PresenceReporter;
import io.liveroom.gateway.session.SessionLifecycle;
import io.liveroom.gateway.session.SessionRegistry;
import java.util.Map;

/**
 * The gateway's gauges and counters read at scrape time (on the gateway's event loop, where
 * /metrics runs).
 */
final class GatewayMeters {
  private GatewayMeters() {}

  static void bind(
      GatewayMetrics metrics,
      SessionRegistry sessions,
      SessionLifecycle lifecycle,
      RoomFanout fanout,
      PresenceReporter presence) {
    metrics.gauge(
        "liveroom.sessions",
        "connected client sessions on this gateway",
        sessions,
        SessionRegistry::size);
    metrics.gauge(
        "liveroom.sessions.parked",
        "sessions whose connection dropped, parked for resume",
        lifecycle,
        l -> l.parked().size());
    metrics.gauge(
        "liveroom.rooms",
        "rooms with at least one member on this gateway",
        fanout,
        RoomFanout::localRooms);
    metrics.gauge(
        "liveroom.room.members",
        "room seats of this gateway's sessions (a session in 2 rooms counts 2)",
        fanout,
        f -> f.rooms().values().stream().mapToInt(Map::size).sum());
    metrics.counter(
        "liveroom.fanout.barrage.frames.dropped",
        "barrage frames not written because the member's socket could not keep up",
        fanout,
        RoomFanout::barrageDropped);
    metrics.counter(
        "liveroom.presence.reports",
        "presence reports acknowledged by presence-service",
        presence,
        PresenceReporter::reports);
  }
}
