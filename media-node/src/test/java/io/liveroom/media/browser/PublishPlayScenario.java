package io.liveroom.media.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.liveroom.infra.contracts.MediaStreamStats;
import io.liveroom.infra.testing.browser.BrowserDriver;
import io.liveroom.infra.testing.browser.BrowserScenario;
import io.liveroom.infra.testing.browser.Chromium;
import io.liveroom.infra.testing.browser.NetNs;
import io.liveroom.media.MediaConfig;
import io.liveroom.media.engine.CloseReason;
import io.liveroom.media.engine.MediaEngine;
import io.liveroom.media.engine.MediaListener;
import io.liveroom.media.engine.PeerInfo;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Real headless Chromium against the engine alone (no node): one page publishes (fake camera +
 * mic), a second browser joins {@code lateJoinMs} later and plays; both POST their getStats() to a
 * small HTTP server here. Runs in the driver JVM inside the test's network namespace ({@link
 * NetNs#HOST_A}). Arguments: {@code seconds} (how long the player plays), {@code lateJoinMs}.
 * Returns the player's and the publisher's last stats and the engine's stream counters.
 */
public final class PublishPlayScenario implements BrowserScenario {
  private final Map<String, String> latest = new ConcurrentHashMap<>();
  private final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public JsonObject run(BrowserDriver driver) throws Exception {
    String address = NetNs.HOST_A;
    int seconds = driver.args().getInteger("seconds", 20);
    long lateJoinMs = driver.args().getLong("lateJoinMs", 5000L);
    MediaConfig config =
        new MediaConfig(0, address, List.of(address), 2_500_000, 20_000, 20_000, 300, 1024, 1);
    MediaEngine engine =
        driver.closeLater(
            MediaEngine.start(
                config,
                new MediaListener() {
                  @Override
                  public void onPeerConnected(PeerInfo peer) {
                    events.add("connected " + peer.role());
                  }

                  @Override
                  public void onPeerClosed(PeerInfo peer, CloseReason reason) {
                    events.add("closed " + peer.role() + " " + reason);
                  }
                }));
    HttpServer http = HttpServer.create(new InetSocketAddress(address, 0), 16);
    http.createContext("/", exchange -> serve(exchange, engine));
    http.start();
    driver.closeLater(() -> http.stop(0));
    String base = "http://" + address + ":" + http.getAddress().getPort();
    Chromium.Options options = Chromium.Options.defaults().secureOrigin(base);
    driver
        .chromium(options)
        .newPage("publish", false)
        .navigate(base + "/page?role=publish", Duration.ofSeconds(20));
    long deadline = System.currentTimeMillis() + 20_000;
    while (engine.stats("s1").map(s -> !s.publishing()).orElse(true)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(
            "publisher did not connect; events " + events + " stats " + latest);
      }
      Thread.sleep(100);
    }
    Thread.sleep(lateJoinMs);
    driver
        .chromium(options)
        .newPage("play", false)
        .navigate(base + "/page?role=play", Duration.ofSeconds(20));
    long maxBitrate = 0;
    long end = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < end) {
      Thread.sleep(1000);
      MediaStreamStats s = engine.stats("s1").orElse(null);
      if (s != null) {
        maxBitrate = Math.max(maxBitrate, s.bitrateBps());
        driver.note("STATS " + s);
      }
    }
    MediaStreamStats s = engine.stats("s1").orElseThrow();
    JsonObject play = new JsonObject(latest.getOrDefault("play", "{}"));
    JsonObject publish = new JsonObject(latest.getOrDefault("publish", "{}"));
    return new JsonObject()
        .put("player", play)
        .put("publisher", publish)
        .put("maxPublisherBitrateBps", maxBitrate)
        .put("keyframeRequests", s.keyframeRequests())
        .put("nacksAnswered", s.nacksAnswered())
        .put("events", events);
  }

  private void serve(HttpExchange exchange, MediaEngine engine) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String query = String.valueOf(exchange.getRequestURI().getQuery());
    byte[] body = exchange.getRequestBody().readAllBytes();
    try {
      switch (path) {
        case "/page" ->
            reply(exchange, 200, "text/html", Pages.page(query.contains("role=publish")));
        case "/publish" ->
            reply(
                exchange,
                200,
                "application/sdp",
                engine.publish("s1", new String(body, StandardCharsets.UTF_8)).answerSdp());
        case "/play" ->
            reply(
                exchange,
                200,
                "application/sdp",
                engine.play("s1", new String(body, StandardCharsets.UTF_8)).answerSdp());
        case "/stats" -> {
          latest.put(
              query.contains("role=publish") ? "publish" : "play",
              new String(body, StandardCharsets.UTF_8));
          reply(exchange, 204, "text/plain", "");
        }
        default -> reply(exchange, 404, "text/plain", "not found");
      }
    } catch (RuntimeException e) {
      reply(exchange, 400, "text/plain", String.valueOf(e.getMessage()));
    }
  }

  private static void reply(HttpExchange exchange, int status, String type, String text)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
    if (status != 204) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    exchange.close();
  }
}
