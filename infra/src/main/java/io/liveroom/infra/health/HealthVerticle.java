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
  private final String host;
  private final int port;
  private final HttpLimits limits;
  private final TlsConfig tls;
  private final NodeMetrics metrics;
  private HttpServer server;

  public HealthVerticle(NodeStatus status, String host, int port, HttpLimits limits) {
    this(status, host, port, limits, TlsConfig.NONE, NodeMetrics.disabled());
  }

  public HealthVerticle(
      NodeStatus status, String host, int port, HttpLimits limits, TlsConfig tls) {
    this(status, host, port, limits, tls, NodeMetrics.disabled());
  }

  public HealthVerticle(
      NodeStatus status, String host, int port, HttpLimits limits, NodeMetrics metrics) {
    this(status, host, port, limits, TlsConfig.NONE, metrics);
  }

  /** Also serves {@code GET /metrics} ({@link MetricsRoute}) when {@code metrics} keeps any. */
  public HealthVerticle(
      NodeStatus status,
      String host,
      int port,
      HttpLimits limits,
      TlsConfig tls,
      NodeMetrics metrics) {
    this.tls = tls;
    this.limits = limits;
    this.metrics = metrics;
    this.status = status;
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    HealthRoutes.mount(router, status);
    MetricsRoute.mount(router, metrics);
    HttpConnections connections = new HttpConnections(limits);
    connections.register(metrics.registry());
    ServerTls serverTls = new ServerTls(vertx, tls, limits);
    server =
        vertx
            .createHttpServer(
                serverTls.apply(new HttpServerOptions().setHttp2ClearTextEnabled(false)))
            .connectionHandler(connections::accept)
            .requestHandler(router);
    return server.listen(port, host).onSuccess(serverTls::watch);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
