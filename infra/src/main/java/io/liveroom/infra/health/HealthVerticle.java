package io.liveroom.infra.health;

import io.liveroom.infra.http.HttpConnections;
import io.liveroom.infra.http.HttpLimits;
import io.liveroom.infra.metrics.MetricsRoute;
import io.liveroom.infra.metrics.NodeMetrics;
import io.liveroom.infra.tls.ServerTls;
import io.liveroom.infra.tls.TlsConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * Health and readiness over HTTP for a node without the gateway role (which serves them itself),
 * with the same connection deadlines and per-address cap as the gateway ({@link HttpConnections}),
 * and the same TLS when configured ({@link ServerTls}).
 */
public final class HealthVerticle extends VerticleBase {
  private final NodeStatus status;
  private final Listener listener;
  private final NodeMetrics metrics;
  private HttpServer server;

  /**
   * Where and how the health server listens: its address, the connection limits, and TLS ({@link
   * TlsConfig#NONE}: plain HTTP).
   */
  public record Listener(String host, int port, HttpLimits limits, TlsConfig tls) {
    public Listener(String host, int port, HttpLimits limits) {
      this(host, port, limits, TlsConfig.NONE);
    }
  }

  public HealthVerticle(NodeStatus status, Listener listener) {
    this(status, listener, NodeMetrics.disabled());
  }

  /** Also serves {@code GET /metrics} ({@link MetricsRoute}) when {@code metrics} keeps any. */
  public HealthVerticle(NodeStatus status, Listener listener, NodeMetrics metrics) {
    this.status = status;
    this.listener = listener;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    HealthRoutes.mount(router, status);
    MetricsRoute.mount(router, metrics);
    HttpConnections connections = new HttpConnections(listener.limits());
    connections.register(metrics.registry());
    ServerTls serverTls = new ServerTls(vertx, listener.tls(), listener.limits());
    server =
        vertx
            .createHttpServer(
                serverTls.apply(new HttpServerOptions().setHttp2ClearTextEnabled(false)))
            .connectionHandler(connections::accept)
            .requestHandler(router);
    return server.listen(listener.port(), listener.host()).onSuccess(serverTls::watch);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
