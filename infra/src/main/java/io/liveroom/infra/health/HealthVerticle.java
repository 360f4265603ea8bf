package io.liveroom.infra.health;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/** Health and readiness over HTTP for a node without the gateway role (which serves them itself). */
public final class HealthVerticle extends VerticleBase {
  private final NodeStatus status;
  private final String host;
  private final int port;
  private HttpServer server;

  public HealthVerticle(NodeStatus status, String host, int port) {
    this.status = status;
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    HealthRoutes.mount(router, status);
    server = vertx.createHttpServer().requestHandler(router);
    return server.listen(port, host);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
