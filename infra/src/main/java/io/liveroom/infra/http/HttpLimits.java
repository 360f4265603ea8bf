package io.liveroom.infra.http;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;

/**
 * The HTTP edge's limits (section {@code http}): how long a connection may take to send a request's
 * headers ({@code headerTimeoutMs}, counted from the accept or the request's first byte; this
 * covers the WebSocket upgrade request) and its body ({@code bodyTimeoutMs}, after the headers),
 * how long a keep-alive connection may wait for its next request or for a response ({@code
 * idleTimeoutMs}; an upgraded WebSocket has none of these, only its heartbeat), how many
 * connections one remote address may hold ({@code maxConnectionsPerIp}, 0: no cap), the largest
 * request body of the admin API and of WHIP/WHEP, and how many userIDs one admin kick may name.
 */
public record HttpLimits(
    long headerTimeoutMs,
    long bodyTimeoutMs,
    long idleTimeoutMs,
    int maxConnectionsPerIp,
    int adminMaxBodyBytes,
    int whipMaxBodyBytes,
    int adminMaxKickUsers) {
  public static final String SECTION = "http";

  public static HttpLimits from(Config config) {
    ConfigSection s = config.section(SECTION);
    return new HttpLimits(
        s.getLong("headerTimeoutMs", 100, 600_000),
        s.getLong("bodyTimeoutMs", 100, 3_600_000),
        s.getLong("idleTimeoutMs", 100, 3_600_000),
        s.getInt("maxConnectionsPerIp", 0, 10_000_000),
        s.getInt("adminMaxBodyBytes", 1024, 16 * 1024 * 1024),
        s.getInt("whipMaxBodyBytes", 1024, 16 * 1024 * 1024),
        s.getInt("adminMaxKickUsers", 1, 100_000));
  }
}
