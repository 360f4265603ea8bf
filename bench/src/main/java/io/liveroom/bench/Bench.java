package io.liveroom.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The load tool behind bench/run.sh. {@code run} drives one scenario against one running server
 * and writes one JSON result; {@code report} takes the median of a directory of results, prints the
 * table and the targets. All receiving connections live on ONE event loop (the tool is pinned to
 * one core); the barrage sender has its own loop so its pacing is not disturbed by receiving.
 *
 * <pre>
 * java -jar liveroom-bench.jar run --scenario s1|s2 --target liveroom|liveroom-nomerge|socketio
 *     --port 8080 --pid SERVER_PID --out result.json [--quick] [options]
 * java -jar liveroom-bench.jar report DIR
 * </pre>
 */
public final class Bench {
  static final String ADMIN_SECRET = "liveroom-dev-admin-secret";
  private final Map<String, String> opts;
  private final boolean quick;
  private final Conn.Protocol protocol;
  private final String target;
  private final int port;
  private final long pid;
  private String room;
  private final int msgBytes;
  private final int sampleEvery;
  private final Jwt jwt = new Jwt(Jwt.DEV_SECRET);
  private Vertx vertx;
  private Vertx senderVertx;
  private Context loop;
  private WebSocketClient client;
  private HttpClient http;
  private volatile long lastDelivery = System.nanoTime();
  private LatencyStats[] stepStats = new LatencyStats[0];
  private final AtomicInteger disconnects = new AtomicInteger();

  Bench(Map<String, String> opts) {
    this.opts = opts;
    this.quick = opts.containsKey("quick");
    this.target = opts.getOrDefault("target", "liveroom");
    this.protocol = target.startsWith("socketio") ? Conn.Protocol.SOCKETIO : Conn.Protocol.LIVEROOM;
    this.port = Integer.parseInt(opts.getOrDefault("port", protocol == Conn.Protocol.LIVEROOM ? "8080" : "3000"));
    this.pid = Long.parseLong(opts.getOrDefault("pid", "-1"));
    this.room = opts.getOrDefault("room", "bench-" + Long.toString(System.currentTimeMillis(), 36));
    this.msgBytes = intOpt("msg-bytes", 100);
    this.sampleEvery = intOpt("sample-every", 1);
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: run --scenario s1|s2 --target liveroom|liveroom-nomerge|socketio --port P --pid PID"
          + " --out FILE [--quick] | report DIR");
      System.exit(2);
    }
    if (args[0].equals("report")) {
      System.exit(Report.main(Path.of(args[1])));
    }
    Map<String, String> opts = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + a);
      }
      String key = a.substring(2);
      if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        opts.put(key, args[++i]);
      } else {
        opts.put(key, "true");
      }
    }
    Bench bench = new Bench(opts);
    String loadBefore = loadavg();
    JsonObject result;
    try {
      bench.start();
      result = switch (opts.getOrDefault("scenario", "s1")) {
        case "s1" -> bench.s1();
        case "s2" -> bench.s2();
        default -> throw new IllegalArgumentException("scenario must be s1 or s2");
      };
    } finally {
      bench.stop();
    }
    result.put("target", bench.target).put("run", bench.intOpt("run", 1)).put("quick", bench.quick)
        .put("finishedAt", System.currentTimeMillis())
        .put("loadavgBefore", loadBefore).put("loadavgAfter", loadavg()).put("nproc", Runtime.getRuntime().availableProcessors());
    String out = opts.get("out");
    if (out != null) {
      Files.writeString(Path.of(out), result.encodePrettily());
    }
    System.out.println(result.encode());
    System.exit(0);
  }

  /** The machine's 1/5/15-minute load averages: other work on a shared machine skews latency and throughput. */
  static String loadavg() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return "?";
    }
  }

  private int intOpt(String key, int def) {
    return Integer.parseInt(opts.getOrDefault(key, Integer.toString(def)));
  }

  private void start() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setBlockedThreadCheckInterval(60_000));
    senderVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setBlockedThreadCheckInterval(60_000));
    loop = vertx.getOrCreateContext();
    client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
        .setConnectTimeout(30_000).setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
    http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
        new PoolOptions().setHttp1MaxSize(4));
  }

  private void stop() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      senderVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // exiting anyway
    }
  }

  /** Runs {@code task} on the receivers' event loop and waits for its future. */
  private <T> T onLoop(Supplier<Future<T>> task, long timeoutSeconds) throws Exception {
    CompletableFuture<T> done = new CompletableFuture<>();
    loop.runOnContext(v -> task.get().onComplete(ar -> {
      if (ar.succeeded()) {
        done.complete(ar.result());
      } else {
        done.completeExceptionally(ar.cause());
      }
    }));
    return done.get(timeoutSeconds, TimeUnit.SECONDS);
  }

  private String token(String userId) {
    return protocol == Conn.Protocol.LIVEROOM ? jwt.login(userId, room, 86_400) : null;
  }

  private Conn.Delivery subscriberDelivery() {
    return (conn, step, sent, now) -> {
      lastDelivery = now;
      if (step < stepStats.length) {
        if (conn.sampled) {
          stepStats[step].record((now - sent) / 1000);
        } else {
          stepStats[step].countUnsampled();
        }
      }
    };
  }

  /**
   * Opens {@code users.size()} connections at {@code perSecond} and logs each into the room.
   * Completes when every attempt finished; failures are left out of the result.
   */
  private Future<List<Conn>> joinMany(List<String> users, int firstIndex, int perSecond, LatencyStats joinStats,
      Conn.Delivery delivery) {
    io.vertx.core.Promise<List<Conn>> done = io.vertx.core.Promise.promise();
    List<Conn> joined = new ArrayList<>();
    int[] started = {0};
    int[] finished = {0};
    long begin = System.nanoTime();
    if (users.isEmpty()) {
      return Future.succeededFuture(joined);
    }
    vertx.setPeriodic(0, 2, id -> {
      long due = Math.min(users.size(), (System.nanoTime() - begin) * perSecond / 1_000_000_000L + 1);
      while (started[0] < due) {
        int i = started[0]++;
        Conn conn = new Conn(protocol, users.get(i), firstIndex + i, delivery);
        conn.sampled = (firstIndex + i) % sampleEvery == 0;
        conn.connect(client, port).compose(v -> conn.login(room, token(conn.userId))).onComplete(ar -> {
          if (ar.succeeded()) {
            joined.add(conn);
            if (joinStats != null) {
              joinStats.record(conn.loginMicros);
            }
          } else {
            conn.close();
            if (joined.size() < 3 && finished[0] - joined.size() < 5) {
              System.err.println("join failed for " + conn.userId + ": " + ar.cause().getMessage());
            }
          }
          if (++finished[0] == users.size()) {
            done.complete(joined);
          }
        });
      }
      if (started[0] >= users.size()) {
        vertx.cancelTimer(id);
      }
    });
    return done.future();
  }

  private static List<String> users(String prefix, int from, int count) {
    List<String> out = new ArrayList<>(count);
    for (int i = from; i < from + count; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  private double serverCpu() {
    return pid > 0 ? Proc.cpuSeconds(pid) : Double.NaN;
  }

  // ---------------------------------------------------------------- S1

  private JsonObject s1() throws Exception {
    int subscribers = intOpt("subscribers", 5000);
    int stepSeconds = intOpt("step-seconds", quick ? 5 : 20);
    int warmupSeconds = intOpt("warmup-seconds", quick ? 3 : 5);
    int maxDrainSeconds = intOpt("drain-seconds", quick ? 5 : 10);
    List<Integer> rates = new ArrayList<>();
    for (String r : opts.getOrDefault("rates", "20,100,500").split(",")) {
      rates.add(Integer.parseInt(r.trim()));
    }
    stepStats = new LatencyStats[rates.size()];
    for (int i = 0; i < stepStats.length; i++) {
      stepStats[i] = new LatencyStats();
    }
    log("S1 %s: %d subscribers joining room %s", target, subscribers, room);
    List<Conn> subs = onLoop(() -> joinMany(users("sub-", 0, subscribers), 0, intOpt("join-rate", 2000), null,
        subscriberDelivery()), 600);
    log("S1 %s: %d/%d subscribers in", target, subs.size(), subscribers);
    // the sender: its own event loop, its own connection (its copy of the barrage is not counted)
    Context senderLoop = senderVertx.getOrCreateContext();
    WebSocketClient senderClient = senderVertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20));
    Conn sender = new Conn(protocol, "sender", -1, null);
    CompletableFuture<Void> senderIn = new CompletableFuture<>();
    senderLoop.runOnContext(v -> sender.connect(senderClient, port).compose(x -> sender.login(room, token("sender")))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            senderIn.complete(null);
          } else {
            senderIn.completeExceptionally(ar.cause());
          }
        }));
    senderIn.get(30, TimeUnit.SECONDS);

    // warm-up (JIT on both sides), not measured: step index past the end
    // at the first step's rate: a warm-up the server cannot keep up with would leave a backlog in the first step
    sendAt(senderLoop, sender, rates.get(0), warmupSeconds, Integer.MAX_VALUE / 2, new AtomicLong(), new AtomicLong(), new AtomicLong());
    drain(maxDrainSeconds);

    JsonArray steps = new JsonArray();
    for (int s = 0; s < rates.size(); s++) {
      int rate = rates.get(s);
      double cpu0 = serverCpu();
      double tool0 = Proc.cpuSeconds(Proc.self());
      long t0 = System.nanoTime();
      AtomicLong sent = new AtomicLong();
      AtomicLong ok = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      Map<String, Integer> errors = Collections.synchronizedMap(new HashMap<>());
      sendAt(senderLoop, sender, rate, stepSeconds, s, sent, ok, refused);
      double drainSeconds = drain(maxDrainSeconds);
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = serverCpu() - cpu0;
      double tool = Proc.cpuSeconds(Proc.self()) - tool0;
      final int step = s;
      LatencyStats stats = onLoop(() -> {
        LatencyStats copy = new LatencyStats();
        copy.add(stepStats[step]);
        return Future.succeededFuture(copy);
      }, 30);
      int connected = onLoop(() -> Future.succeededFuture((int) subs.stream().filter(Conn::isOpen).count()), 30);
      // deliveries of a step that falls behind go on after it: rate over the time until the last one
      double active = Math.max(stepSeconds, (lastDelivery - t0) / 1e9);
      long expected = sent.get() * subs.size();
      long delivered = stats.delivered();
      double dropPct = LatencyStats.dropPercent(expected, delivered);
      boolean survived = connected == subs.size() && dropPct <= 1.0 && sender.isOpen();
      JsonObject row = new JsonObject()
          .put("rate", rate)
          .put("subscribers", subs.size())
          .put("connectedAtEnd", connected)
          .put("sent", sent.get())
          .put("accepted", ok.get())
          .put("refused", refused.get())
          .put("expected", expected)
          .put("delivered", delivered)
          .put("drops", LatencyStats.drops(expected, delivered))
          .put("dropPct", round(dropPct, 3))
          .put("activeSec", round(active, 2))
          .put("deliveredPerSec", Math.round(delivered / active))
          .put("serverCpuSec", round(cpu, 2))
          .put("serverCpuPct", round(100 * cpu / wall, 1))
          .put("deliveredPerCpuSec", cpu > 0 ? Math.round(delivered / cpu) : 0)
          .put("p50Ms", round(stats.percentileMs(50), 2))
          .put("p99Ms", round(stats.percentileMs(99), 2))
          .put("maxMs", round(stats.maxMs(), 2))
          .put("sampledLatencies", stats.sampled())
          .put("drainSec", round(drainSeconds, 2))
          .put("toolCpuPct", round(100 * tool / wall, 1))
          .put("survived", survived);
      steps.add(row);
      log("S1 %s step %d/s: %s", target, rate, row.encode());
    }
    senderLoop.runOnContext(v -> sender.close());
    return new JsonObject().put("scenario", "s1").put("subscribers", subscribers).put("stepSeconds", stepSeconds)
        .put("msgBytes", msgBytes).put("steps", steps).put("disconnects", disconnects.get());
  }

  /** Sends barrage at {@code rate}/s for {@code seconds} from the sender's loop; blocks until done. */
  private void sendAt(Context senderLoop, Conn sender, int rate, int seconds, int step, AtomicLong sent, AtomicLong ok,
      AtomicLong refused) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    long total = (long) rate * seconds;
    senderLoop.runOnContext(v -> {
      long begin = System.nanoTime();
      senderVertx.setPeriodic(0, 1, id -> {
        long now = System.nanoTime();
        long due = Math.min(total, (now - begin) * rate / 1_000_000_000L + 1);
        while (sent.get() < due) {
          sent.incrementAndGet();
          sender.barrage(room, Markers.message(step, System.nanoTime(), msgBytes)).onComplete(ar -> {
            if (ar.succeeded() && ar.result().getBoolean("ok", false)) {
              ok.incrementAndGet();
            } else {
              if (refused.incrementAndGet() <= 3) {
                System.err.println("barrage refused: " + (ar.succeeded() ? ar.result().encode() : ar.cause().getMessage()));
              }
            }
          });
        }
        if (sent.get() >= total || now - begin > (seconds + 5) * 1_000_000_000L) {
          senderVertx.cancelTimer(id);
          done.complete(null);
        }
      });
    });
    done.get(seconds + 30L, TimeUnit.SECONDS);
  }

  /** Waits until nothing was delivered for one second (at most {@code maxSeconds}); returns the wait. */
  private double drain(int maxSeconds) throws InterruptedException {
    long begin = System.nanoTime();
    while (System.nanoTime() - begin < maxSeconds * 1_000_000_000L) {
      Thread.sleep(100);
      if (System.nanoTime() - lastDelivery > 1_000_000_000L) {
        break;
      }
    }
    return (System.nanoTime() - begin) / 1e9;
  }

  // ---------------------------------------------------------------- S2

  private JsonObject s2() throws Exception {
    int connections = intOpt("connections", quick ? 5000 : 10000);
    int joinRate = intOpt("join-rate", 1000);
    int churn = intOpt("churn", quick ? 1000 : 2000);
    int churnEvery = intOpt("churn-every", 10);
    int churnFor = intOpt("churn-for", quick ? 20 : 30);
    int idleSeconds = intOpt("idle-seconds", 5);
    Conn control = null;
    if (protocol == Conn.Protocol.SOCKETIO) {
      Conn c = new Conn(protocol, "observer", -1, null);
      onLoop(() -> c.connect(client, port), 30);
      control = c;
    }
    final Conn observer = control;
    // warm-up (JIT on both sides), not measured: joins into another room, then they all leave
    int warmupJoins = intOpt("warmup-joins", 2000);
    if (warmupJoins > 0) {
      String measuredRoom = room;
      room = measuredRoom + "-warmup";
      List<Conn> warm = onLoop(() -> joinMany(users("w-", 0, warmupJoins), 0, joinRate, null, null),
          warmupJoins / Math.max(1, joinRate) + 300);
      onLoop(() -> Future.join(warm.stream().map(Conn::close).toList()).map(x -> null), 60);
      room = measuredRoom;
      log("S2 %s: warm-up: %d joined and left", target, warm.size());
      Thread.sleep(3000);
    }
    Thread.sleep(1000);
    long rss0 = Proc.rssKiB(pid);
    double cpu0 = serverCpu();
    LatencyStats joins = new LatencyStats();
    log("S2 %s: %d connections joining %s at %d/s", target, connections, room, joinRate);
    long t0 = System.nanoTime();
    List<Conn> conns = new ArrayList<>(onLoop(() -> joinMany(users("u-", 0, connections), 0, joinRate, joins, null),
        connections / Math.max(1, joinRate) + 300));
    double joinWall = (System.nanoTime() - t0) / 1e9;
    double joinCpu = serverCpu() - cpu0;
    LatencyStats joinsCopy = onLoop(() -> {
      LatencyStats copy = new LatencyStats();
      copy.add(joins);
      return Future.succeededFuture(copy);
    }, 30);
    log("S2 %s: %d joined in %.1f s, p50 %.2f ms p99 %.2f ms, server CPU %.2f s", target, conns.size(), joinWall,
        joinsCopy.percentileMs(50), joinsCopy.percentileMs(99), joinCpu);
    Thread.sleep(idleSeconds * 1000L);
    long rss1 = Proc.rssKiB(pid);
    int expected = conns.size();
    int countIdle = onlineCount(observer);

    // churn: every churnEvery s, `churn` connections close and come back (new connection, login) at joinRate
    LatencyStats churnJoins = new LatencyStats();
    Random random = new Random(42);
    int rounds = Math.max(1, churnFor / churnEvery);
    List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
    Thread poller = null;
    long lastRejoinDone = 0;
    int churnFailed = 0;
    double churnCpu0 = serverCpu();
    for (int r = 0; r < rounds; r++) {
      long roundStart = System.nanoTime();
      if (r == rounds - 1) {
        poller = new Thread(() -> {
          long end = Long.MAX_VALUE;
          while (System.nanoTime() < end) {
            try {
              int c = onlineCount(observer);
              samples.add(new long[] {System.nanoTime(), c});
              if (end == Long.MAX_VALUE && stopPolling) {
                end = System.nanoTime();
              }
              Thread.sleep(50);
            } catch (Exception e) {
              samples.add(new long[] {System.nanoTime(), -1});
            }
          }
        }, "count-poller");
        poller.setDaemon(true);
        poller.start();
      }
      List<Integer> picks = new ArrayList<>();
      for (int i = 0; i < conns.size(); i++) {
        picks.add(i);
      }
      Collections.shuffle(picks, random);
      List<Integer> chosen = picks.subList(0, Math.min(churn, picks.size()));
      List<String> names = new ArrayList<>();
      onLoop(() -> {
        List<Future<Void>> closes = new ArrayList<>();
        for (int i : chosen) {
          names.add(conns.get(i).userId);
          closes.add(conns.get(i).close());
        }
        return Future.join(closes).map(x -> null);
      }, 60);
      List<Conn> back = onLoop(() -> joinMany(names, 0, joinRate, churnJoins, null), 600);
      lastRejoinDone = System.nanoTime();
      churnFailed += names.size() - back.size();
      // put the rejoined ones in place of the closed ones
      Map<String, Conn> byName = new HashMap<>();
      back.forEach(c -> byName.put(c.userId, c));
      for (int i : chosen) {
        Conn c = byName.get(conns.get(i).userId);
        if (c != null) {
          conns.set(i, c);
        }
      }
      log("S2 %s: churn round %d: %d rejoined", target, r + 1, back.size());
      if (r < rounds - 1) {
        long wait = churnEvery * 1_000_000_000L - (System.nanoTime() - roundStart);
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000);
        }
      }
    }
    double churnCpu = serverCpu() - churnCpu0;
    expected = onLoop(() -> Future.succeededFuture((int) conns.stream().filter(Conn::isOpen).count()), 30);
    // poll until the count has been exact for 3 s (at most 30 s)
    long pollEnd = lastRejoinDone + 30_000_000_000L;
    while (System.nanoTime() < pollEnd) {
      Thread.sleep(200);
      if (exactSince(samples, expected, lastRejoinDone) > 0
          && System.nanoTime() - exactSince(samples, expected, lastRejoinDone) > 3_000_000_000L) {
        break;
      }
    }
    stopPolling = true;
    poller.join(5000);
    long since = exactSince(samples, expected, lastRejoinDone);
    double exactAfterMs = since < 0 ? -1 : Math.max(0, (since - lastRejoinDone) / 1e6);
    long lastSeen = samples.isEmpty() ? -1 : samples.get(samples.size() - 1)[1];
    JsonObject result = new JsonObject().put("scenario", "s2")
        .put("connections", connections)
        .put("joined", conns.size())
        .put("joinRate", joinRate)
        .put("joinWallSec", round(joinWall, 2))
        .put("joinP50Ms", round(joinsCopy.percentileMs(50), 2))
        .put("joinP99Ms", round(joinsCopy.percentileMs(99), 2))
        .put("joinMaxMs", round(joinsCopy.maxMs(), 2))
        .put("serverCpuSecJoin", round(joinCpu, 2))
        .put("cpuSecPer1000Joins", round(joinCpu / Math.max(1, conns.size()) * 1000, 3))
        .put("rssBeforeKiB", rss0)
        .put("rssIdleKiB", rss1)
        .put("rssPerConnKiB", round((rss1 - rss0) / (double) Math.max(1, conns.size()), 2))
        .put("countAtIdle", countIdle)
        .put("churn", churn)
        .put("churnRounds", rounds)
        .put("churnFailed", churnFailed)
        .put("churnJoinP50Ms", round(churnJoins.percentileMs(50), 2))
        .put("churnJoinP99Ms", round(churnJoins.percentileMs(99), 2))
        .put("serverCpuSecChurn", round(churnCpu, 2))
        .put("expectedCount", expected)
        .put("lastCount", lastSeen)
        .put("countExactAfterMs", round(exactAfterMs, 0))
        .put("countSamples", samples.size());
    log("S2 %s: %s", target, result.encode());
    onLoop(() -> Future.join(conns.stream().map(Conn::close).toList()).map(x -> null), 60);
    return result;
  }

  private volatile boolean stopPolling;

  /**
   * When the count became exact for good: the time of the first sample of the final run of exact
   * samples (taken after {@code after} or before it), or -1 when the last sample is not exact.
   */
  static long exactSince(List<long[]> samples, int expected, long after) {
    synchronized (samples) {
      if (samples.isEmpty() || samples.get(samples.size() - 1)[1] != expected) {
        return -1;
      }
      long since = samples.get(samples.size() - 1)[0];
      for (int i = samples.size() - 1; i >= 0 && samples.get(i)[1] == expected; i--) {
        since = samples.get(i)[0];
      }
      return since;
    }
  }

  private int onlineCount(Conn observer) throws Exception {
    if (protocol == Conn.Protocol.SOCKETIO) {
      return onLoop(() -> observer.onlineCount(room).map(j -> j.getInteger("count", -1)), 10);
    }
    return onLoop(() -> http.request(HttpMethod.GET, "/v1/rooms/" + room + "/online")
        .compose(req -> req.putHeader("Authorization", "Bearer " + ADMIN_SECRET).send())
        .compose(resp -> resp.body().map(b -> resp.statusCode() == 200 ? new JsonObject(b).getInteger("count", -1) : -1)), 10);
  }

  static double round(double v, int digits) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return -1;
    }
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  static void log(String format, Object... args) {
    System.err.printf("[bench %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
  }
}
