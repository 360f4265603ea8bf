package io.liveroom.infra.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every connection a node's HTTP server accepts (the gateway's, or the health server of a node
 * without one) passes here first; the server must speak HTTP/1.1 only (no h2c), so that every
 * connection is registered at its accept: over {@code http.maxConnectionsPerIp} from one remote
 * address it is closed at once (counted, and logged at most every {@value #LOG_EVERY_MS} ms),
 * otherwise it gets its {@link HttpTimeouts}. Counts open connections per address and the
 * connections closed by each deadline ({@code GET /v1/connections}).
 */
public final class HttpConnections {
  static final long LOG_EVERY_MS = 10_000;
  private static final System.Logger LOG = System.getLogger(HttpConnections.class.getName());
  private final HttpLimits limits;
  private final Map<String, Integer> perIp = new ConcurrentHashMap<>();
  private final AtomicLong open = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final Map<HttpTimeouts.Phase, AtomicLong> expired = new ConcurrentHashMap<>();
  private volatile long lastLogAt;
  private long refusedAtLastLog;

  public HttpConnections(HttpLimits limits) {
    this.limits = limits;
    for (HttpTimeouts.Phase phase : HttpTimeouts.Phase.values()) {
      expired.put(phase, new AtomicLong());
    }
  }

  /** The HTTP server's connection handler (HTTP/1.1 only: the server does not speak h2c). */
  public void accept(HttpConnection connection) {
    Channel channel = ((HttpServerConnection) connection).channelHandlerContext().channel();
    String ip = connection.remoteAddress() == null ? "" : connection.remoteAddress().hostAddress();
    int cap = limits.maxConnectionsPerIp();
    if (cap > 0 && perIp.merge(ip, 1, Integer::sum) > cap) {
      release(ip);
      refused(ip, cap);
      channel.close();
      return;
    }
    open.incrementAndGet();
    channel
        .closeFuture()
        .addListener(
            f -> {
              open.decrementAndGet();
              if (cap > 0) {
                release(ip);
              }
            });
    HttpTimeouts.install(channel, limits, phase -> expired.get(phase).incrementAndGet());
  }

  private void release(String ip) {
    perIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
  }

  private void refused(String ip, int cap) {
    long total = refused.incrementAndGet();
    long now = System.currentTimeMillis();
    if (now - lastLogAt >= LOG_EVERY_MS) {
      lastLogAt = now;
      LOG.log(
          System.Logger.Level.WARNING,
          "refused a connection from "
              + ip
              + ": it holds http.maxConnectionsPerIp ("
              + cap
              + ") already; "
              + (total - refusedAtLastLog)
              + " refused since the last report, "
              + total
              + " in all");
      refusedAtLastLog = total;
    }
  }

  /**
   * Reads these figures at scrape time: {@code liveroom_http_connections} (open), {@code
   * liveroom_http_connections_refused_total} (over the per-address cap) and {@code
   * liveroom_http_connections_expired_total{phase}} (closed by a deadline).
   */
  public void register(MeterRegistry registry) {
    Gauge.builder("liveroom.http.connections", open, AtomicLong::get)
        .description("open HTTP connections (WebSockets included)")
        .register(registry);
    FunctionCounter.builder("liveroom.http.connections.refused", refused, AtomicLong::get)
        .description("connections refused over http.maxConnectionsPerIp")
        .register(registry);
    expired.forEach(
        (phase, count) ->
            FunctionCounter.builder("liveroom.http.connections.expired", count, AtomicLong::get)
                .description("connections closed by a deadline, by phase")
                .tag("phase", phase.name().toLowerCase())
                .register(registry));
  }

  /** This gateway's figures: open connections, refused ones, and the ones each deadline closed. */
  public JsonObject stats() {
    return new JsonObject()
        .put("open", open.get())
        .put("refusedOverIpCap", refused.get())
        .put("closedHeaderTimeout", expired.get(HttpTimeouts.Phase.HEADERS).get())
        .put("closedBodyTimeout", expired.get(HttpTimeouts.Phase.BODY).get())
        .put(
            "closedIdleTimeout",
            expired.get(HttpTimeouts.Phase.IDLE).get()
                + expired.get(HttpTimeouts.Phase.RESPONSE).get());
  }
}
