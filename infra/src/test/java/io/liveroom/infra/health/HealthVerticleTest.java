package io.liveroom.infra.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.http.HttpLimits;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The health server of a node without the gateway has the gateway's connection deadlines: a
 * connection that never finishes its request is closed, and /health keeps answering.
 */
@ExtendWith(VertxExtension.class)
class HealthVerticleTest {
  @Test
  void anUnfinishedRequestIsClosedByItsDeadlineAndHealthStillAnswers(Vertx vertx) throws Exception {
    NodeStatus status = new NodeStatus("n1");
    status.service("room", NodeStatus.State.UP);
    HttpLimits limits = HttpLimits.from(Config.of(Map.of("http.headerTimeoutMs", "300")));
    HealthVerticle health =
        new HealthVerticle(status, new HealthVerticle.Listener("127.0.0.1", 0, limits));
    vertx
        .deployVerticle(health)
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    try (Socket slow = new Socket()) {
      slow.connect(new InetSocketAddress("127.0.0.1", health.actualPort()), 2_000);
      slow.setSoTimeout(5_000);
      OutputStream out = slow.getOutputStream();
      out.write(
          "GET /health HTTP/1.1\r\nHost: x\r\n"
              .getBytes(StandardCharsets.US_ASCII)); // never finished
      out.flush();
      long started = System.nanoTime();
      assertEquals(
          -1, slow.getInputStream().read(), "the server closes the connection without a response");
      long ms = (System.nanoTime() - started) / 1_000_000;
      assertTrue(ms < 4_000, "closed after " + ms + " ms, deadline 300 ms");
    }
    try (Socket ok = new Socket()) {
      ok.connect(new InetSocketAddress("127.0.0.1", health.actualPort()), 2_000);
      ok.setSoTimeout(5_000);
      ok.getOutputStream()
          .write(
              "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = ok.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(response.startsWith("HTTP/1.1 200"), response);
      assertTrue(response.contains("\"status\":\"UP\""), response);
    }
  }
}
