package io.liveroom.gateway;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;
import java.util.List;

/**
 * signaling-gateway settings: limits of the client protocol, heartbeats and reconnect grace, the
 * per-connection request rate, and the ICE servers handed to clients (with coturn {@code
 * use-auth-secret} credentials when {@code turnSecret} is set), and the presence lease reports:
 * {@code presenceReportIntervalMs} until presence-service's first LeaseAck names its own interval,
 * {@code presenceRetryMs} between attempts while reports fail; {@code userUpdateBatchMs}: joins and
 * leaves of a room within this window go out as one roomUserUpdate; {@code broadcastReorderMs}: how
 * long a broadcast that arrived ahead of a missing messageID waits for it (0: no reordering);
 * {@code barrageFrameBudget}, {@code barrageMaxDelayMs}, {@code barrageMaxPerFrame}: barrage pacing
 * per room (see {@code BarragePacer}; budget 0: off); {@code presenceChangeReportMs}: after a
 * room's local membership changes, the next presence report goes out within this time instead of
 * waiting for the periodic one (0: periodic reports only); {@code maxWhipWhepResources}: WHIP and
 * WHEP resources this gateway holds at once (more are refused with {@code
 * TOO_MANY_MEDIA_RESOURCES}); {@code simulcastLayers}: the simulcast layers clients publish with
 * when the app does not say (0: none, 2 or 3; sent in login replies).
 */
public record GatewayConfig(
    int maxFrameBytes,
    int maxRoomsPerSession,
    int maxStreamsPerSession,
    int maxIdLength,
    int maxUserNameLength,
    long heartbeatIntervalMs,
    long heartbeatTimeoutMs,
    long reconnectGraceMs,
    int requestsPerSecond,
    int requestBurst,
    int abuseRejectLimit,
    List<String> iceServers,
    List<String> turnUrls,
    String turnSecret,
    long turnTtlSeconds,
    int adminMaxPageSize,
    long presenceReportIntervalMs,
    long presenceRetryMs,
    long broadcastReorderMs,
    long userUpdateBatchMs,
    int barrageFrameBudget,
    long barrageMaxDelayMs,
    int barrageMaxPerFrame,
    long presenceChangeReportMs,
    int maxWhipWhepResources,
    int simulcastLayers) {
  public static final String SECTION = "gateway";

  public static GatewayConfig from(Config config) {
    ConfigSection s = config.section(SECTION);
    long interval = s.getLong("heartbeatIntervalMs", 100, 600_000);
    long timeout = s.getLong("heartbeatTimeoutMs", 200, 3_600_000);
    if (timeout <= interval) {
      throw s.invalid(
          "heartbeatTimeoutMs", "must be larger than heartbeatIntervalMs (" + interval + ")");
    }
    int rate = s.getInt("requestsPerSecond", 1, 100_000);
    int burst = s.getInt("requestBurst", 1, 1_000_000);
    if (burst < rate) {
      throw s.invalid("requestBurst", "must be at least requestsPerSecond (" + rate + ")");
    }
    for (String url : s.getList("iceServers")) {
      if (!url.matches("(stun|stuns|turn|turns):.+")) {
        throw s.invalid("iceServers", "not a stun:/turn: URL: \"" + url + "\"");
      }
    }
    int simulcastLayers = s.getInt("simulcastLayers", 0, 3);
    if (simulcastLayers == 1) {
      throw s.invalid("simulcastLayers", "must be 0 (off), 2 or 3");
    }
    List<String> turnUrls = s.getList("turnUrls");
    String turnSecret = s.getString("turnSecret");
    if (!turnUrls.isEmpty() && turnSecret.isBlank()) {
      throw s.invalid(
          "turnSecret", "turnUrls are configured: set the coturn static-auth-secret too");
    }
    return new GatewayConfig(
        s.getInt("maxFrameBytes", 1024, 16 * 1024 * 1024),
        s.getInt("maxRoomsPerSession", 1, 1000),
        s.getInt("maxStreamsPerSession", 1, 100),
        s.getInt("maxIdLength", 1, 1024),
        s.getInt("maxUserNameLength", 1, 4096),
        interval,
        timeout,
        s.getLong("reconnectGraceMs", 0, 3_600_000),
        rate,
        burst,
        s.getInt("abuseRejectLimit", 1, 10_000_000),
        s.getList("iceServers"),
        turnUrls,
        turnSecret,
        s.getLong("turnTtlSeconds", 60, 30L * 86400),
        s.getInt("adminMaxPageSize", 1, 100_000),
        s.getLong("presenceReportIntervalMs", 10, 3_600_000),
        s.getLong("presenceRetryMs", 10, 600_000),
        s.getLong("broadcastReorderMs", 0, 10_000),
        s.getLong("userUpdateBatchMs", 1, 5_000),
        s.getInt("barrageFrameBudget", 0, 100_000_000),
        s.getLong("barrageMaxDelayMs", 1, 5_000),
        s.getInt("barrageMaxPerFrame", 1, 100_000),
        s.getLong("presenceChangeReportMs", 0, 60_000),
        s.getInt("maxWhipWhepResources", 1, 10_000_000),
        simulcastLayers);
  }

  /** Never prints the coturn secret. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("GatewayConfig[");
    var components = GatewayConfig.class.getRecordComponents();
    for (int i = 0; i < components.length; i++) {
      Object value;
      try {
        value = components[i].getAccessor().invoke(this);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      boolean secret =
          components[i].getName().equals("turnSecret") && !String.valueOf(value).isEmpty();
      out.append(i == 0 ? "" : ", ")
          .append(components[i].getName())
          .append('=')
          .append(secret ? "***" : value);
    }
    return out.append(']').toString();
  }
}
