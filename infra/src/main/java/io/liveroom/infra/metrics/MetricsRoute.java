package io.liveroom.infra.metrics;

import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /metrics}: the node's meters in the Prometheus text format. Not mounted when {@code
 * metrics.enabled} is false (404); with {@code metrics.token} set, a scrape must carry {@code
 * Authorization: Bearer <token>} (401 otherwise). A route of its own, so the HTTP access log can
 * leave it out.
 */
public final class MetricsRoute {
  public static final String PATH = "/metrics";
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private MetricsRoute() {}

  public static void mount(Router router, NodeMetrics metrics) {
    if (!metrics.enabled()) {
      return;
    }
    byte[] expected = ("Bearer " + metrics.config().token()).getBytes(StandardCharsets.UTF_8);
    boolean open = metrics.config().token().isEmpty();
    router
        .get(PATH)
        .handler(
            ctx -> {
              String auth = ctx.request().getHeader("Authorization");
              if (!open
                  && (auth == null
                      || !MessageDigest.isEqual(expected, auth.getBytes(StandardCharsets.UTF_8)))) {
                ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer").end();
                return;
              }
              ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(metrics.scrape());
            });
  }
}
