package io.liveroom.infra.health;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** {@code GET /health} (liveness) and {@code GET /ready} (readiness, 503 until ready). */
public final class HealthRoutes {
  private HealthRoutes() {}

  public static void mount(Router router, NodeStatus status) {
    router.get("/health").handler(ctx -> ctx.json(status.liveness()));
    router
        .get("/ready")
        .handler(
            ctx ->
                status
                    .readiness()
                    .onComplete(
                        ar -> {
                          if (ar.failed()) {
                            ctx.response().setStatusCode(503);
                            ctx.json(
                                new JsonObject()
                                    .put("ready", false)
                                    .put("error", NodeStatus.describe(ar.cause())));
                            return;
                          }
                          ctx.response().setStatusCode(ar.result().getBoolean("ready") ? 200 : 503);
                          ctx.json(ar.result());
                        }));
  }
}
