package io.liveroom.media.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.liveroom.infra.testing.browser.Chromium;
import io.liveroom.media.MediaConfig;
import io.liveroom.media.engine.MediaEngine;
import io.liveroom.media.engine.QualityStats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The media-quality scenarios with real headless Chromium, run by {@link MediaQualityIT} inside its
 * network namespace ({@code address} on the node side); {@code otherNs} is the namespace behind the
 * shaped veth. Prints one {@code RESULT <json>} line of measured figures; the IT asserts on them.
 *
 * <ul>
 *   <li>{@code layers}: a simulcast publisher (2 layers, 640x360 + 320x180), two players beside the
 *       node and a third in {@code otherNs} (behind the shaped link) that joins later; 20 s
 *       measured.
 *   <li>{@code nack}: the publisher in {@code otherNs} (its uplink loses 5 %) publishes the same
 *       camera to two engines, one with uplink NACK/RTX and one without; a player of each beside
 *       the node.
 * </ul>
 */
public final class QualityHarness {
  private static final Map<String, List<JsonObject>> STATS = new ConcurrentHashMap<>();
  private static final List<String> ERRORS = new CopyOnWriteArrayList<>();

  private QualityHarness() {}

  public static void main(String[] args) throws Exception {
    String scenario = args[0];
    String address = args[1];
    String otherNs = args[2];
    int windowSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    List<Chromium> browsers = new ArrayList<>();
    List<MediaEngine> engines = new ArrayList<>();
    JsonObject result = new JsonObject().put("scenario", scenario);
    try {
      engines.add(
          MediaEngine.start(
              new MediaConfig(
                  0, address, List.of(address), 2_500_000, 30_000, 30_000, 300, 1024, 1, true),
              null));
      if (scenario.equals("nack")) {
        engines.add(
            MediaEngine.start(
                new MediaConfig(
                    0, address, List.of(address), 2_500_000, 30_000, 30_000, 300, 1024, 1, false),
                null));
      }
      HttpServer http = HttpServer.create(new InetSocketAddress(address, 0), 16);
      http.createContext("/", exchange -> serve(exchange, engines));
      http.start();
      String base = "http://" + address + ":" + http.getAddress().getPort();
      if (scenario.equals("layers")) {
        layers(base, otherNs, engines.get(0), browsers, result, windowSeconds);
      } else {
        nack(base, otherNs, engines, browsers, result, windowSeconds);
      }
      http.stop(0);
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.out.println("FAILED " + e);
      browsers.forEach(Chromium::close);
      deleteLogs();
      System.exit(1);
    } finally {
      browsers.forEach(Chromium::close);
      engines.forEach(MediaEngine::close);
    }
    result.put("errors", new JsonArray(ERRORS));
    System.out.println("RESULT " + result.encode());
    deleteLogs();
    System.exit(0);
  }

  private static void layers(
      String base,
      String otherNs,
      MediaEngine engine,
      List<Chromium> browsers,
      JsonObject result,
      int windowSeconds)
      throws Exception {
    browsers.add(chromium(null, base + "/page?name=pub&role=publish&engines=0&simulcast=1"));
    awaitStats(
        "pub",
        60,
        s ->
            s.getJsonArray("out", new JsonArray()).size() >= 2
                && engine.stats("s0").map(x -> x.publishing()).orElse(false));
    browsers.add(chromium(null, base + "/page?name=good1&role=play&engine=0&layer=auto"));
    browsers.add(chromium(null, base + "/page?name=good2&role=play&engine=0&layer=auto"));
    awaitStats("good1", 60, s -> s.getLong("framesDecoded", 0L) > 0);
    awaitStats("good2", 60, s -> s.getLong("framesDecoded", 0L) > 0);
    Thread.sleep(5_000);
    JsonObject pubBefore = last("pub");
    Thread.sleep(5_000);
    JsonObject pubBeforeEnd = last("pub");
    result.put("publisherBitrateBeforeBps", sentBitrate(pubBefore, pubBeforeEnd));
    browsers.add(chromium(otherNs, base + "/page?name=bad&role=play&engine=0&layer=auto"));
    awaitStats("bad", 60, s -> s.getLong("framesDecoded", 0L) > 0);
    // let the bad player's estimate settle, then measure everyone over the same window
    Thread.sleep(10_000);
    Map<String, JsonObject> start = new java.util.HashMap<>();
    for (String n : List.of("pub", "good1", "good2", "bad")) {
      start.put(n, last(n));
    }
    List<QualityStats> samples = new ArrayList<>();
    for (int i = 0; i < windowSeconds; i++) {
      Thread.sleep(1000);
      engine.quality("s0").ifPresent(samples::add);
    }
    for (String n : List.of("good1", "good2", "bad")) {
      result.put(n, player(start.get(n), last(n)));
    }
    result.put("publisherBitrateAfterBps", sentBitrate(start.get("pub"), last("pub")));
    result.put("publisher", last("pub"));
    QualityStats q = engine.quality("s0").orElseThrow();
    result.put("node", json(q));
    result.put("nodeEstimateBps", engine.stats("s0").orElseThrow().estimateBps());
  }

  private static void nack(
      String base,
      String otherNs,
      List<MediaEngine> engines,
      List<Chromium> browsers,
      JsonObject result,
      int windowSeconds)
      throws Exception {
    browsers.add(chromium(otherNs, base + "/page?name=pub&role=publish&engines=0,1"));
    awaitStats(
        "pub",
        60,
        s ->
            engines.get(0).stats("s0").map(x -> x.publishing()).orElse(false)
                && engines.get(1).stats("s1").map(x -> x.publishing()).orElse(false));
    browsers.add(chromium(null, base + "/page?name=on&role=play&engine=0"));
    browsers.add(chromium(null, base + "/page?name=off&role=play&engine=1"));
    awaitStats("on", 60, s -> s.getLong("framesDecoded", 0L) > 0);
    awaitStats("off", 60, s -> s.getLong("framesDecoded", 0L) > 0);
    Thread.sleep(3_000);
    JsonObject on = last("on");
    JsonObject off = last("off");
    Thread.sleep(windowSeconds * 1000L);
    result.put("on", player(on, last("on")));
    result.put("off", player(off, last("off")));
    result.put("nodeOn", json(engines.get(0).quality("s0").orElseThrow()));
    result.put("nodeOff", json(engines.get(1).quality("s1").orElseThrow()));
  }

  /** A player's figures over a window: fps, bitrate, freezes, and the picture size at the end. */
  private static JsonObject player(JsonObject a, JsonObject b) {
    double seconds = Math.max(0.001, (b.getLong("t") - a.getLong("t")) / 1000.0);
    return new JsonObject()
        .put("seconds", seconds)
        .put("frameWidth", b.getInteger("frameWidth", 0))
        .put("frameHeight", b.getInteger("frameHeight", 0))
        .put("fps", (b.getLong("framesDecoded", 0L) - a.getLong("framesDecoded", 0L)) / seconds)
        .put(
            "bitrateBps",
            (long)
                ((b.getLong("videoBytesReceived", 0L) - a.getLong("videoBytesReceived", 0L))
                    * 8
                    / seconds))
        .put("freezeCount", b.getLong("freezeCount", 0L) - a.getLong("freezeCount", 0L))
        .put(
            "totalFreezesDuration",
            b.getDouble("totalFreezesDuration", 0.0) - a.getDouble("totalFreezesDuration", 0.0))
        .put("nackCount", b.getLong("nackCount", 0L) - a.getLong("nackCount", 0L))
        .put("packetsLost", b.getLong("packetsLost", 0L) - a.getLong("packetsLost", 0L))
        .put(
            "retransmittedPacketsReceived",
            b.getLong("retransmittedPacketsReceived", 0L)
                - a.getLong("retransmittedPacketsReceived", 0L))
        .put(
            "audioPackets",
            b.getLong("audioPacketsReceived", 0L) - a.getLong("audioPacketsReceived", 0L));
  }

  private static JsonObject json(QualityStats q) {
    JsonArray players = new JsonArray();
    for (QualityStats.Player p : q.players()) {
      players.add(
          new JsonObject()
              .put("peerId", p.peerId())
              .put("preference", p.preference())
              .put("estimateBps", p.estimateBps())
              .put("ackedBps", p.ackedBps())
              .put("loss", p.loss())
              .put("layer", p.layer())
              .put("targetLayer", p.targetLayer())
              .put("switches", p.switches())
              .put("retransmissions", p.retransmissions())
              .put("overuses", p.overuses()));
    }
    return new JsonObject()
        .put("transportCc", q.transportCc())
        .put("feedbackSent", q.feedbackSent())
        .put("nacksSent", q.nacksSent())
        .put("rtxReceived", q.rtxReceived())
        .put("rtxRecovered", q.rtxRecovered())
        .put("rtxDuplicates", q.rtxDuplicates())
        .put("layerBitratesBps", new JsonArray(q.layerBitratesBps()))
        .put("players", players);
  }

  private static long sentBitrate(JsonObject a, JsonObject b) {
    double seconds = Math.max(0.001, (b.getLong("t") - a.getLong("t")) / 1000.0);
    return (long) ((sumSent(b) - sumSent(a)) * 8 / seconds);
  }

  private static long sumSent(JsonObject s) {
    long sum = 0;
    for (Object o : s.getJsonArray("out", new JsonArray())) {
      sum += ((JsonObject) o).getLong("bytesSent", 0L);
    }
    return sum;
  }

  private static JsonObject last(String name) {
    List<JsonObject> l = STATS.getOrDefault(name, List.of());
    if (l.isEmpty()) {
      throw new IllegalStateException("no stats from " + name + "; errors " + ERRORS);
    }
    return l.get(l.size() - 1);
  }

  private static void awaitStats(
      String name, int seconds, java.util.function.Predicate<JsonObject> condition)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < deadline) {
      List<JsonObject> l = STATS.getOrDefault(name, List.of());
      if (!l.isEmpty() && condition.test(l.get(l.size() - 1))) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        name
            + " not ready in "
            + seconds
            + " s; last "
            + STATS.getOrDefault(name, List.of()).stream().reduce((x, y) -> y).orElse(null)
            + " errors "
            + ERRORS);
  }

  private static Path video;

  /** Removes the browsers' logs (their profiles go with {@link Chromium#close()}). */
  private static void deleteLogs() {
    if (logs == null) {
      return;
    }
    try (var walk = Files.walk(logs)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException ignored) {
      // best effort: a temporary directory
    }
  }

  /**
   * A busy 640x360 30 fps clip (Y4M, 3 s loop) for the publisher's fake camera: Chrome's own fake
   * picture is so flat that its top layer needs only ~250 kbit/s. Moving 32x32 blocks of random
   * grey, some redrawn each frame, make the encoder use its whole target (about 0.7 Mbit/s top,
   * 0.15 Mbit/s low layer).
   */
  private static synchronized Path video() throws IOException {
    if (video != null) {
      return video;
    }
    int w = 640;
    int h = 360;
    java.util.Random random = new java.util.Random(17);
    byte[] blocks = new byte[(w / 32 + 1) * (h / 32 + 1)];
    random.nextBytes(blocks);
    Path file = Files.createTempFile("liveroom-busy", ".y4m");
    file.toFile().deleteOnExit();
    try (OutputStream out =
        new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      out.write(
          ("YUV4MPEG2 W" + w + " H" + h + " F30:1 Ip A1:1 C420jpeg\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] frame = new byte[w * h * 3 / 2];
      int bw = w / 32 + 1;
      for (int f = 0; f < 90; f++) {
        for (int i = 0; i < blocks.length / 20; i++) {
          blocks[random.nextInt(blocks.length)] = (byte) random.nextInt(256);
        }
        int shift = f * 3;
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            int bx = ((x + shift) / 32) % bw;
            frame[y * w + x] = (byte) ((blocks[(y / 32) * bw + bx] & 0xFF) / 2 + 64);
          }
        }
        for (int i = w * h; i < frame.length; i++) {
          frame[i] = (byte) (128 + ((i / 97 + f) & 31));
        }
        out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
        out.write(frame);
      }
    }
    video = file;
    return file;
  }

  private static Path logs;
  private static int launched;

  /** A browser on {@code url} (the shared launcher's flags), in {@code netns} (null: this one). */
  private static Chromium chromium(String netns, String url) throws IOException {
    if (logs == null) {
      logs = Files.createTempDirectory("liveroom-quality-");
    }
    String origin = url.substring(0, url.indexOf('/', "http://".length()));
    // unmuted, as a real player (the receive figures include freezes, which audio/video sync paces)
    Chromium.Options options = Chromium.Options.defaults().secureOrigin(origin).unmuted();
    if (url.contains("role=publish")) {
      options = options.flag("--use-file-for-fake-video-capture=" + video());
    }
    return Chromium.launch(options, logs.resolve("chromium-" + ++launched + ".log"), netns, url);
  }

  private static void serve(HttpExchange exchange, List<MediaEngine> engines) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String query = String.valueOf(exchange.getRequestURI().getQuery());
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    try {
      int engine = query.contains("engine=1") ? 1 : 0;
      String stream = "s" + engine;
      switch (path) {
        case "/page" -> reply(exchange, 200, "text/html", QualityPages.page());
        case "/publish" ->
            reply(
                exchange,
                200,
                "application/sdp",
                engines.get(engine).publish(stream, body).answerSdp());
        case "/play" ->
            reply(
                exchange,
                200,
                "application/sdp",
                engines.get(engine).play(stream, body).answerSdp());
        case "/stats" -> {
          String name = query.replaceAll(".*name=([a-z0-9]+).*", "$1");
          JsonObject s = new JsonObject(body);
          if (s.containsKey("error")) {
            ERRORS.add(name + ": " + s.getString("error"));
          } else {
            STATS.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(s);
          }
          reply(exchange, 204, "text/plain", "");
        }
        default -> reply(exchange, 404, "text/plain", "not found");
      }
    } catch (RuntimeException e) {
      ERRORS.add(path + ": " + e);
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
