package io.liveroom.media.engine;

import io.liveroom.media.rtp.Rtcp;
import io.liveroom.media.rtp.Rtp;
import io.liveroom.media.rtp.VideoPayloads;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SFU load tool of {@code bench/run.sh s3|s4} (docs/benchmarks.md), against a liveroom server
 * over WHIP/WHEP: one publisher sending a synthetic VP8 (~1 Mbit/s, 30 fps, keyframe every 2 s and
 * on PLI) + Opus (50 packets/s) stream, and lightweight receive-only players on the project's Java
 * WebRTC stack that decrypt and count but do not decode.
 *
 * <ul>
 *   <li>{@code s3}: for each K of {@code --players}: K players, then {@code --seconds} measured:
 *       packets the players received per server CPU-second ({@code utime+stime} of {@code --pid}
 *       from /proc), loss (1 - received / (sent x K)), the players' mean RFC 3550 video jitter.
 *   <li>{@code s4}: {@code --players} players (default 100) started within 1 s (evenly spread);
 *       time to first frame = WHEP request sent to the first VP8 keyframe packet received,
 *       p50/p99/max, players without a frame after 10 s.
 * </ul>
 *
 * <p>{@code --target janus}: the same publisher and players against Janus's VideoRoom over its HTTP
 * API at {@code --base} ({@link JanusVideoRoom}): the publisher joins with its offer, each player
 * attaches, joins as subscriber and answers Janus's offer ({@link LightPlayers.Player#answer},
 * ICE-controlled). Sockets bind to the system property {@code sfubench.bind} (default 127.0.0.1).
 *
 * <p>Writes {@code key=value} lines to {@code --out}; {@code report <dir>} prints the medians of
 * the runs in a directory.
 */
public final class SfuBench {
  private static final int VIDEO_PT = 96;
  private static final int AUDIO_PT = 111;
  private static final int FPS = 30;
  private static final int PACKETS_PER_FRAME = 4;
  private static final int PACKETS_PER_KEYFRAME = 12;
  private static final int GOP_FRAMES = 60;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The lightweight players' hub ({@code --client light}, the default), null: ice4j clients. */
  private static LightPlayers LIGHT;

  /**
   * The peer ({@code --target janus}): Janus's VideoRoom over its HTTP API at {@code --base}
   * instead of WHIP/WHEP; null: liveroom.
   */
  private static JanusVideoRoom JANUS;

  private SfuBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("report")) {
      report(Path.of(args[1]));
      return;
    }
    Map<String, String> opt = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String base = opt.getOrDefault("base", "http://127.0.0.1:18080");
    long pid = Long.parseLong(opt.getOrDefault("pid", "0"));
    String scenario = opt.getOrDefault("scenario", "s3");
    int seconds = Integer.parseInt(opt.getOrDefault("seconds", "20"));
    Path out = Path.of(opt.getOrDefault("out", "sfu-" + scenario + ".properties"));
    if (!opt.getOrDefault("client", "light").equals("ice4j")) {
      LIGHT = new LightPlayers();
    }
    if (opt.getOrDefault("target", "liveroom").equals("janus")) {
      if (LIGHT == null) {
        throw new IllegalArgumentException("--target janus needs --client light (answerer)");
      }
      JANUS = new JanusVideoRoom(base);
    }
    Map<String, Object> result = new TreeMap<>();
    String room = "sfu-bench-" + System.currentTimeMillis();
    try (Publisher publisher = new Publisher(base, room, "sfu1")) {
      publisher.start();
      if (scenario.equals("s3")) {
        for (String k : opt.getOrDefault("players", "10,50,200").split(",")) {
          s3Step(base, room, pid, Integer.parseInt(k.trim()), seconds, publisher, result);
        }
      } else {
        s4(base, room, Integer.parseInt(opt.getOrDefault("players", "100")), publisher, result);
      }
    }
    StringBuilder text = new StringBuilder();
    result.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    Files.writeString(out, text);
    System.out.print(text);
    System.exit(0); // ice4j leaves non-daemon threads behind
  }

  private static void s3Step(
      String base,
      String room,
      long pid,
      int k,
      int seconds,
      Publisher publisher,
      Map<String, Object> result)
      throws Exception {
    List<Player> players = startPlayers(base, room, k, 0);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (players.stream().anyMatch(p -> p.received == 0) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      long receiving = players.stream().filter(p -> p.received > 0).count();
      Thread.sleep(2000); // warm-up
      long sent0 = publisher.sent;
      long recv0 = sum(players);
      long server0 = serverSent(base);
      long cpu0 = cpuTicks(pid);
      Thread.sleep(seconds * 1000L);
      long sent1 = publisher.sent;
      long cpu1 = cpuTicks(pid);
      long server1 = serverSent(base);
      Thread.sleep(300); // what was in flight at the end
      long recv1 = sum(players);
      long serverForwarded = server1 - server0;
      double cpuSeconds = (cpu1 - cpu0) / 100.0; // USER_HZ
      long forwarded = recv1 - recv0;
      double loss = 1.0 - forwarded / (double) ((sent1 - sent0) * k);
      double jitterMs = players.stream().mapToDouble(p -> p.jitter / 90.0).average().orElse(0);
      String key = "s3.k" + k + ".";
      result.put(key + "players_receiving", receiving);
      result.put(key + "received_per_s", Math.round(forwarded / (double) seconds));
      result.put(key + "server_cpu_s", String.format("%.2f", cpuSeconds));
      result.put(
          key + "received_per_cpu_s", cpuSeconds > 0 ? Math.round(forwarded / cpuSeconds) : -1);
      result.put(
          key + "server_forwarded_per_cpu_s",
          cpuSeconds > 0 && server0 >= 0 ? Math.round(serverForwarded / cpuSeconds) : -1);
      result.put(key + "loss_pct", String.format("%.2f", Math.max(0, loss) * 100));
      result.put(key + "jitter_ms", String.format("%.2f", jitterMs));
      System.err.printf(
          "s3 K=%d receiving=%d received/s=%d cpu=%.2fs => %d received per CPU-s (server's own"
              + " count: %d per CPU-s), loss %.2f%%, jitter %.2f ms%n",
          k,
          receiving,
          forwarded / seconds,
          cpuSeconds,
          cpuSeconds > 0 ? Math.round(forwarded / cpuSeconds) : -1,
          cpuSeconds > 0 && server0 >= 0 ? Math.round(serverForwarded / cpuSeconds) : -1,
          Math.max(0, loss) * 100,
          jitterMs);
    } finally {
      stopAll(players);
    }
  }

  private static void s4(
      String base, String room, int n, Publisher publisher, Map<String, Object> result)
      throws Exception {
    List<Player> players = startPlayers(base, room, n, 1000);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (players.stream().anyMatch(p -> p.firstFrameNanos == 0)
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      long[] ttff =
          players.stream()
              .filter(p -> p.firstFrameNanos != 0)
              .mapToLong(p -> (p.firstFrameNanos - p.startNanos) / 1_000_000)
              .sorted()
              .toArray();
      long[] answered = phase(players, p -> p.answerNanos);
      long[] connected = phase(players, Player::connectedNanos);
      long[] ice = phase(players, p -> p.light != null ? p.light.iceNanos : 0);
      result.put("s4.ice_done_p50_ms", percentile(ice, 0.50));
      result.put("s4.ice_done_p99_ms", percentile(ice, 0.99));
      result.put("s4.ice_done_players", ice.length);
      result.put("s4.dtls_done_players", connected.length);
      System.err.printf(
          "s4 ICE done: %d players, p50=%d p99=%d ms; DTLS done: %d players%n",
          ice.length, percentile(ice, 0.50), percentile(ice, 0.99), connected.length);
      result.put("s4.answer_p50_ms", percentile(answered, 0.50));
      result.put("s4.answer_p99_ms", percentile(answered, 0.99));
      result.put("s4.dtls_done_p50_ms", percentile(connected, 0.50));
      result.put("s4.dtls_done_p99_ms", percentile(connected, 0.99));
      System.err.printf(
          "s4 WHEP answer p50=%d p99=%d ms, DTLS done p50=%d p99=%d ms (from the request)%n",
          percentile(answered, 0.50),
          percentile(answered, 0.99),
          percentile(connected, 0.50),
          percentile(connected, 0.99));
      result.put("s4.players", n);
      result.put("s4.no_frame", n - ttff.length);
      result.put("s4.ttff_p50_ms", percentile(ttff, 0.50));
      result.put("s4.ttff_p99_ms", percentile(ttff, 0.99));
      result.put("s4.ttff_max_ms", ttff.length == 0 ? -1 : ttff[ttff.length - 1]);
      result.put("s4.keyframes_sent", publisher.keyframes);
      // what the server does after DTLS (keyframe request, cached keyframe), per player
      long[] afterDtls =
          players.stream()
              .filter(p -> p.firstFrameNanos != 0 && p.connectedNanos() != 0)
              .mapToLong(p -> (p.firstFrameNanos - p.connectedNanos()) / 1_000_000)
              .sorted()
              .toArray();
      result.put("s4.frame_after_dtls_p50_ms", percentile(afterDtls, 0.50));
      result.put("s4.frame_after_dtls_p99_ms", percentile(afterDtls, 0.99));
      System.err.printf(
          "s4 first keyframe after DTLS done p50=%d p99=%d ms%n",
          percentile(afterDtls, 0.50), percentile(afterDtls, 0.99));
      System.err.printf(
          "s4 players=%d no_frame=%d ttff p50=%d p99=%d max=%d ms%n",
          n,
          n - ttff.length,
          percentile(ttff, 0.50),
          percentile(ttff, 0.99),
          ttff.length == 0 ? -1 : ttff[ttff.length - 1]);
    } finally {
      stopAll(players);
    }
  }

  /** Milliseconds from each player's request to a moment it recorded (0: never), sorted. */
  private static long[] phase(List<Player> players, java.util.function.ToLongFunction<Player> at) {
    return players.stream()
        .filter(p -> at.applyAsLong(p) != 0)
        .mapToLong(p -> (at.applyAsLong(p) - p.startNanos) / 1_000_000)
        .sorted()
        .toArray();
  }

  private static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static long sum(List<Player> players) {
    long n = 0;
    for (Player p : players) {
      n += p.received;
    }
    return n;
  }

  /**
   * Creates {@code n} players (ICE agent, certificate: client-side preparation, not timed), then
   * starts them over {@code spreadMs} (0: as fast as the tool can).
   */
  private static List<Player> startPlayers(String base, String room, int n, long spreadMs)
      throws Exception {
    List<Player> players = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      players.add(new Player(base, room, "sfu1", "player-" + i + "-" + System.nanoTime()));
    }
    for (Player p : players) {
      p.token = JANUS != null ? null : token(base, p.user, room, false);
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      long t0 = System.nanoTime();
      List<Future<?>> started = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Player p = players.get(i);
        long due = t0 + TimeUnit.MILLISECONDS.toNanos(spreadMs * i / Math.max(1, n));
        started.add(
            pool.submit(
                () -> {
                  long wait = due - System.nanoTime();
                  if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                  }
                  p.start();
                  return null;
                }));
      }
      for (Future<?> f : started) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdown();
    }
    return players;
  }

  private static void stopAll(List<Player> players) {
    for (Player p : players) {
      p.close();
    }
  }

  /**
   * Packets the server says it sent to the stream's players (admin stream stats, refreshed by the
   * node about once a second), -1 when unknown.
   */
  static long serverSent(String base) {
    if (JANUS != null) {
      return -1;
    }
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + "/v1/streams/sfu1/stats"))
                  .header("Authorization", "Bearer liveroom-dev-admin-secret")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher m = Pattern.compile("\"packetsSent\"\\s*:\\s*(\\d+)").matcher(r.body());
      return r.statusCode() == 200 && m.find() ? Long.parseLong(m.group(1)) : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  /** utime + stime of a process, in clock ticks (0 when unknown). */
  static long cpuTicks(long pid) throws IOException {
    if (pid <= 0) {
      return 0;
    }
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  static String token(String base, String user, String room, boolean publish) throws Exception {
    String url =
        base
            + "/dev/token?userID="
            + URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&roomID="
            + URLEncoder.encode(room, StandardCharsets.UTF_8)
            + (publish ? "&publish=true" : "");
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
    if (r.statusCode() != 200 || !m.find()) {
      throw new IOException("dev token: " + r.statusCode() + " " + r.body());
    }
    return m.group(1);
  }

  /** POSTs an offer to a WHIP/WHEP endpoint: [answer, resource location]. */
  static String[] post(String url, String token, String offer) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/sdp")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(offer))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IOException(url + ": " + r.statusCode() + " " + r.body());
    }
    return new String[] {r.body(), r.headers().firstValue("Location").orElse(null)};
  }

  static void delete(String base, String location, String token) {
    if (location == null) {
      return;
    }
    try {
      HTTP.send(
          HttpRequest.newBuilder(
                  URI.create(location.startsWith("http") ? location : base + location))
              .header("Authorization", "Bearer " + token)
              .DELETE()
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (Exception ignored) {
      // the node drops the peer on its own when consent expires
    }
  }

  /** A receive-only player: counts decrypted RTP, RFC 3550 jitter of the video, first keyframe. */
  static final class Player implements WebRtcTestClient.RtpSink {
    final String base;
    final String room;
    final String stream;
    final String user;

    /** One of the two: the project's ice4j-based client, or a lightweight player. */
    final WebRtcTestClient client;

    final LightPlayers.Player light;
    String token;
    String location;

    /** The Janus subscriber handle (--target janus), 0 otherwise. */
    long janusHandle;

    /** The video payload type (Janus's offer chooses it). */
    int videoPt = VIDEO_PT;

    volatile long startNanos;
    volatile long answerNanos;
    volatile long firstFrameNanos;
    volatile long received;
    volatile double jitter;
    private long lastTransit = Long.MIN_VALUE;

    Player(String base, String room, String stream, String user) throws IOException {
      this.base = base;
      this.room = room;
      this.stream = stream;
      this.user = user;
      if (LIGHT != null) {
        this.client = null;
        this.light = LIGHT.newPlayer(this);
      } else {
        this.client = new WebRtcTestClient();
        this.light = null;
        client.sink = this;
      }
    }

    long connectedNanos() {
      return light != null ? light.connectedNanos : client.connectedNanos;
    }

    void start() throws Exception {
      startNanos = System.nanoTime();
      if (JANUS != null) {
        JanusVideoRoom.Subscription s = JANUS.subscribe();
        janusHandle = s.handle();
        videoPt =
            io.liveroom.media.sdp.SdpParser.parse(s.offer()).media().stream()
                .filter(m -> m.isVideoKind() && !m.codecs().isEmpty())
                .map(m -> m.codecs().get(0).payloadType())
                .findFirst()
                .orElse(VIDEO_PT);
        JANUS.start(janusHandle, light.answer(s.offer()));
        answerNanos = System.nanoTime();
        return;
      }
      String[] answer =
          post(
              base + "/whep/" + stream + "?roomID=" + room,
              token,
              light != null
                  ? light.offer(AUDIO_PT, VIDEO_PT)
                  : client.offer(false, AUDIO_PT, VIDEO_PT, 1, 3));
      answerNanos = System.nanoTime();
      location = answer[1];
      if (light != null) {
        light.accept(answer[0]);
      } else {
        client.accept(answer[0]);
      }
    }

    @Override
    public void onRtp(byte[] b, int off, int len, long arrivalNanos) {
      received++;
      if (Rtp.payloadType(b, off) != videoPt) {
        return;
      }
      int h = Rtp.headerLength(b, off, len);
      if (firstFrameNanos == 0 && VideoPayloads.isVp8Keyframe(b, off + h, len - h)) {
        firstFrameNanos = arrivalNanos;
      }
      long arrival = arrivalNanos * 9 / 100_000; // 90 kHz units
      long transit = arrival - Rtp.timestamp(b, off);
      if (lastTransit != Long.MIN_VALUE) {
        long d = Math.abs(transit - lastTransit);
        jitter += (d - jitter) / 16.0;
      }
      lastTransit = transit;
    }

    void close() {
      if (janusHandle != 0) {
        JANUS.detach(janusHandle);
      } else {
        delete(base, location, token);
      }
      if (light != null) {
        light.close();
      } else {
        client.close();
      }
    }
  }

  /** The publisher: WHIP, then paced RTP; a PLI makes the next frame a keyframe. */
  static final class Publisher implements AutoCloseable {
    final String base;
    final String room;
    final String stream;
    final WebRtcTestClient client;
    String token;
    String location;
    volatile long sent;
    volatile long keyframes;
    volatile boolean keyframeRequested;
    private volatile boolean running = true;
    private Thread sender;

    Publisher(String base, String room, String stream) throws IOException {
      this.base = base;
      this.room = room;
      this.stream = stream;
      this.client = new WebRtcTestClient();
    }

    void start() throws Exception {
      String offer = client.offer(true, AUDIO_PT, VIDEO_PT, 1, 3);
      if (JANUS != null) {
        client.accept(JANUS.publish(offer));
      } else {
        token = token(base, "publisher", room, true);
        String[] answer = post(base + "/whip/" + stream + "?roomID=" + room, token, offer);
        location = answer[1];
        client.accept(answer[0]);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!client.connected()) {
        if (System.nanoTime() > deadline || client.failure.get() != null) {
          throw new IOException("publisher did not connect", client.failure.get());
        }
        Thread.sleep(10);
      }
      sender = new Thread(this::run, "sfu-bench-publisher");
      sender.setDaemon(true);
      sender.start();
    }

    private void run() {
      byte[] video = new byte[1100];
      byte[] audio = new byte[100];
      Arrays.fill(video, (byte) 0x5A);
      Arrays.fill(audio, (byte) 0x33);
      int videoSeq = 0;
      int audioSeq = 0;
      long frame = 0;
      long start = System.nanoTime();
      long audioTick = 0;
      while (running) {
        long due = start + frame * 1_000_000_000L / FPS;
        // audio at 50 packets/s until the frame is due
        while (System.nanoTime() < due) {
          long audioDue = start + audioTick * 20_000_000L;
          if (System.nanoTime() >= audioDue) {
            send(
                WebRtcTestClient.rtpPacket(
                    AUDIO_PT,
                    audioSeq++ & 0xFFFF,
                    audioTick * 960,
                    WebRtcTestClient.AUDIO_SSRC,
                    1,
                    0x40,
                    audio),
                false);
            audioTick++;
          }
          pollPli();
          long sleep = Math.min(due, start + audioTick * 20_000_000L) - System.nanoTime();
          if (sleep > 0) {
            try {
              Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            } catch (InterruptedException e) {
              return;
            }
          }
        }
        boolean key = frame % GOP_FRAMES == 0 || keyframeRequested;
        if (key) {
          keyframeRequested = false;
          keyframes++;
        }
        int n = key ? PACKETS_PER_KEYFRAME : PACKETS_PER_FRAME;
        for (int i = 0; i < n; i++) {
          video[0] = (byte) (i == 0 ? 0x10 : 0x00); // VP8 descriptor: S bit on the first packet
          video[1] = (byte) (key ? 0x00 : 0x01); // VP8 payload header: P=0 on a keyframe
          byte[] p =
              WebRtcTestClient.rtpPacket(
                  VIDEO_PT,
                  videoSeq++ & 0xFFFF,
                  frame * 3000,
                  WebRtcTestClient.VIDEO_SSRC,
                  3,
                  0,
                  video);
          if (i == n - 1) {
            p[1] |= (byte) 0x80; // marker: last packet of the frame
          }
          send(p, true);
        }
        frame++;
      }
    }

    private void send(byte[] packet, boolean video) {
      try {
        client.sendRtp(packet);
        sent++;
      } catch (IOException | RuntimeException e) {
        // counted as not sent
      }
    }

    private void pollPli() {
      byte[] compound;
      while ((compound = client.rtcp.poll()) != null) {
        Rtcp.walk(
            compound,
            0,
            compound.length,
            (type, count, b, off, len) -> {
              if (type == Rtcp.PSFB && (count == Rtcp.FMT_PLI || count == Rtcp.FMT_FIR)) {
                keyframeRequested = true;
              }
            });
      }
    }

    @Override
    public void close() {
      running = false;
      if (JANUS != null) {
        JANUS.close();
      } else {
        delete(base, location, token);
      }
      client.close();
    }
  }

  /** Medians of every key over the {@code *.properties} runs in {@code dir}. */
  static void report(Path dir) throws IOException {
    Map<String, List<Double>> values = new TreeMap<>();
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".properties")).sorted().toList()) {
        String target = f.getFileName().toString().replaceFirst("-run\\d+\\.properties$", "");
        for (String line : Files.readAllLines(f)) {
          int eq = line.indexOf('=');
          if (eq > 0) {
            values
                .computeIfAbsent(target + " " + line.substring(0, eq), x -> new ArrayList<>())
                .add(Double.parseDouble(line.substring(eq + 1)));
          }
        }
      }
    }
    values.forEach(
        (k, v) -> {
          double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
          System.out.printf("%-55s median %10.2f  (runs: %s)%n", k, a[a.length / 2], v);
        });
  }
}
