package io.liveroom.media.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.liveroom.media.MediaConfig;
import io.liveroom.media.engine.CloseReason;
import io.liveroom.media.engine.MediaEngine;
import io.liveroom.media.engine.MediaListener;
import io.liveroom.media.engine.PeerInfo;
import io.liveroom.media.engine.StreamStats;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real headless Chromium against the engine: one page publishes (fake camera + mic), a second
 * page joins {@code lateJoinMs} later and plays; both POST their getStats() here. Run inside a
 * network namespace ({@link ChromeBrowserIT} does): {@code BrowserHarness <address> <seconds> <lateJoinMs>}.
 * Prints one {@code RESULT ...} line and exits 0 when media was decoded, else 1.
 */
public final class BrowserHarness {
  private static final Map<String, String> LATEST = new ConcurrentHashMap<>();
  private static final List<String> EVENTS = new java.util.concurrent.CopyOnWriteArrayList<>();

  private BrowserHarness() {}

  public static void main(String[] args) throws Exception {
    String address = args.length > 0 ? args[0] : "10.99.0.1";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    long lateJoinMs = args.length > 2 ? Long.parseLong(args[2]) : 5000;
    MediaConfig config = new MediaConfig(0, address, List.of(address), 2_500_000, 20_000, 20_000, 300, 1024, 1);
    List<Process> browsers = new ArrayList<>();
    int exit = 1;
    try (MediaEngine engine = MediaEngine.start(config, new MediaListener() {
      @Override
      public void onPeerConnected(PeerInfo peer) {
        EVENTS.add("connected " + peer.role());
      }

      @Override
      public void onPeerClosed(PeerInfo peer, CloseReason reason) {
        EVENTS.add("closed " + peer.role() + " " + reason);
      }
    })) {
      HttpServer http = HttpServer.create(new InetSocketAddress(address, 0), 16);
      http.createContext("/", exchange -> serve(exchange, engine));
      http.start();
      String base = "http://" + address + ":" + http.getAddress().getPort();
      browsers.add(chromium(base, "/page?role=publish"));
      long deadline = System.currentTimeMillis() + 20_000;
      while (engine.stats("s1").map(s -> !s.publishing()).orElse(true)) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("publisher did not connect; events " + EVENTS + " stats " + LATEST);
        }
        Thread.sleep(100);
      }
      Thread.sleep(lateJoinMs);
      browsers.add(chromium(base, "/page?role=play"));
      long maxBitrate = 0;
      long end = System.currentTimeMillis() + seconds * 1000L;
      while (System.currentTimeMillis() < end) {
        Thread.sleep(1000);
        StreamStats s = engine.stats("s1").orElse(null);
        if (s != null) {
          maxBitrate = Math.max(maxBitrate, s.bitrateBps());
          System.out.println("STATS " + s);
        }
      }
      StreamStats s = engine.stats("s1").orElseThrow();
      String play = LATEST.getOrDefault("play", "{}");
      long frames = number(play, "framesDecoded");
      long audioPackets = number(play, "audioPacketsReceived");
      System.out.println("RESULT framesDecoded=" + frames + " audioPacketsReceived=" + audioPackets
          + " maxPublisherBitrateBps=" + maxBitrate + " keyframeRequests=" + s.keyframeRequests()
          + " nacksAnswered=" + s.nacksAnswered() + " player=" + play + " publisher="
          + LATEST.getOrDefault("publish", "{}") + " events=" + EVENTS);
      exit = frames > 0 && audioPackets > 0 ? 0 : 1;
      http.stop(0);
    } finally {
      browsers.forEach(Process::destroyForcibly);
    }
    System.exit(exit);
  }

  private static long number(String json, String key) {
    int i = json.indexOf("\"" + key + "\":");
    if (i < 0) {
      return 0;
    }
    int start = i + key.length() + 3;
    int end = start;
    while (end < json.length() && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '.')) {
      end++;
    }
    return end == start ? 0 : (long) Double.parseDouble(json.substring(start, end));
  }

  private static Process chromium(String origin, String path) throws IOException {
    Path profile = Files.createTempDirectory("chromium-profile");
    return new ProcessBuilder("chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        "--autoplay-policy=no-user-gesture-required", "--unsafely-treat-insecure-origin-as-secure=" + origin,
        origin + path)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static void serve(HttpExchange exchange, MediaEngine engine) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String query = String.valueOf(exchange.getRequestURI().getQuery());
    byte[] body = exchange.getRequestBody().readAllBytes();
    try {
      switch (path) {
        case "/page" -> reply(exchange, 200, "text/html", Pages.page(query.contains("role=publish")));
        case "/publish" -> reply(exchange, 200, "application/sdp",
            engine.publish("s1", new String(body, StandardCharsets.UTF_8)).answerSdp());
        case "/play" -> reply(exchange, 200, "application/sdp",
            engine.play("s1", new String(body, StandardCharsets.UTF_8)).answerSdp());
        case "/stats" -> {
          LATEST.put(query.contains("role=publish") ? "publish" : "play", new String(body, StandardCharsets.UTF_8));
          reply(exchange, 204, "text/plain", "");
        }
        default -> reply(exchange, 404, "text/plain", "not found");
      }
    } catch (RuntimeException e) {
      reply(exchange, 400, "text/plain", String.valueOf(e.getMessage()));
    }
  }

  private static void reply(HttpExchange exchange, int status, String type, String text) throws IOException {
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
