package io.liveroom.bench;

import static io.liveroom.bench.Bench.log;
import static io.liveroom.bench.Bench.round;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * S2 join storm (docs/benchmarks.md): warm-up storms in other rooms (the first one is reported as
 * the cold start), then {@code --connections} join at {@code --join-rate} (join latency, server
 * CPU, RSS per idle connection), then churn rounds in which {@code --churn} random connections
 * close and rejoin, and how long until the online count is exact. Options: --connections,
 * --join-rate, --churn, --churn-every, --churn-for, --idle-seconds, --warmup-joins,
 * --warmup-rounds.
 */
final class S2JoinStorm {
  static final String ADMIN_SECRET = "liveroom-dev-admin-secret";
  private final Harness h;
  private final Options o;

  S2JoinStorm(Harness harness) {
    this.h = harness;
    this.o = harness.opts;
  }

  JsonObject run() throws Exception {
    int connections = o.intOpt("connections", o.quick ? 5000 : 10000);
    int joinRate = o.intOpt("join-rate", 1000);
    int churn = o.intOpt("churn", o.quick ? 1000 : 2000);
    int churnEvery = o.intOpt("churn-every", 10);
    int churnFor = o.intOpt("churn-for", o.quick ? 20 : 30);
    int idleSeconds = o.intOpt("idle-seconds", 5);
    Conn observer = observer();
    JsonObject cold = warmUp(connections, joinRate, idleSeconds);
    double cpu0 = h.serverCpu();
    LatencyStats joins = new LatencyStats();
    log("S2 %s: %d connections joining %s at %d/s", o.target, connections, o.room, joinRate);
    long t0 = System.nanoTime();
    List<Conn> conns =
        new ArrayList<>(
            h.onLoop(
                () ->
                    h.joinMany(
                        o.room, Harness.users("u-", 0, connections), 0, joinRate, joins, null),
                connections / Math.max(1, joinRate) + 300));
    double joinWall = (System.nanoTime() - t0) / 1e9;
    double joinCpu = h.serverCpu() - cpu0;
    LatencyStats joinsCopy = h.snapshot(joins);
    log(
        "S2 %s: %d joined in %.1f s, p50 %.2f ms p99 %.2f ms, server CPU %.2f s",
        o.target,
        conns.size(),
        joinWall,
        joinsCopy.percentileMs(50),
        joinsCopy.percentileMs(99),
        joinCpu);
    logSlowJoins(conns);
    Thread.sleep(idleSeconds * 1000L);
    int countIdle = onlineCount(observer);

    // churn: every churnEvery s, `churn` connections close and come back (new connection, login) at
    // joinRate
    LatencyStats churnJoins = new LatencyStats();
    Random random = new Random(42);
    int rounds = Math.max(1, churnFor / churnEvery);
    CountPoller poller = new CountPoller(() -> onlineCount(observer));
    long lastRejoinDone = 0;
    int churnFailed = 0;
    double churnCpu0 = h.serverCpu();
    for (int r = 0; r < rounds; r++) {
      long roundStart = System.nanoTime();
      if (r == rounds - 1) {
        poller.start();
      }
      List<Integer> chosen = pick(conns.size(), churn, random);
      List<Conn> back = rejoin(conns, chosen, joinRate, churnJoins);
      lastRejoinDone = System.nanoTime();
      churnFailed += chosen.size() - back.size();
      replace(conns, chosen, back);
      log("S2 %s: churn round %d: %d rejoined", o.target, r + 1, back.size());
      if (r < rounds - 1) {
        long wait = churnEvery * 1_000_000_000L - (System.nanoTime() - roundStart);
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000);
        }
      }
    }
    double churnCpu = h.serverCpu() - churnCpu0;
    int expected = h.countOpen(conns);
    List<long[]> samples = poller.samples();
    // poll until the count has been exact for 3 s (at most 30 s)
    long pollEnd = lastRejoinDone + 30_000_000_000L;
    while (System.nanoTime() < pollEnd) {
      Thread.sleep(200);
      long exactFrom = CountPoller.exactSince(samples, expected, lastRejoinDone);
      if (exactFrom > 0 && System.nanoTime() - exactFrom > 3_000_000_000L) {
        break;
      }
    }
    poller.stop();
    long since = CountPoller.exactSince(samples, expected, lastRejoinDone);
    double exactAfterMs = since < 0 ? -1 : Math.max(0, (since - lastRejoinDone) / 1e6);
    long lastSeen = samples.isEmpty() ? -1 : samples.get(samples.size() - 1)[1];
    JsonObject result =
        new JsonObject()
            .put("scenario", "s2")
            .put("connections", connections)
            .put("joined", conns.size())
            .put("joinRate", joinRate)
            .put("joinWallSec", round(joinWall, 2))
            .put("joinP50Ms", round(joinsCopy.percentileMs(50), 2))
            .put("joinP99Ms", round(joinsCopy.percentileMs(99), 2))
            .put("joinMaxMs", round(joinsCopy.maxMs(), 2))
            .put("serverCpuSecJoin", round(joinCpu, 2))
            .put("cpuSecPer1000Joins", round(joinCpu / Math.max(1, conns.size()) * 1000, 3))
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
            .put("countSamples", samples.size())
            .mergeIn(cold);
    log("S2 %s: %s", o.target, result.encode());
    h.closeAll(conns);
    return result;
  }

  /**
   * socket.io has no admin API: a connection (not in the room) that asks for the count. None for
   * liveroom.
   */
  private Conn observer() throws Exception {
    if (o.protocol != Conn.Protocol.SOCKETIO) {
      return null;
    }
    Conn c = new Conn(o.protocol, "observer", -1, null);
    h.onLoop(() -> c.connect(h.client, o.port), 30);
    return c;
  }

  /**
   * Warm-up, not part of the measured storm: {@code --warmup-rounds} storms (default 2) of {@code
   * --warmup-joins} (default: as many as the measured storm) into other rooms at the same rate,
   * each left again, then a wait until the server is idle. The first one is a storm on a freshly
   * started server (cold JIT) and its figures are returned as {@code cold*}; the measured storm is
   * the steady state. RSS per idle connection is taken in the first storm too (RSS of the fresh
   * server before it, and {@code idleSeconds} after it, before its connections leave): later storms
   * run on a heap holding the earlier storms' garbage, which Node may give back during the
   * measurement and the JVM keeps until a full collection. It includes what the first storm made
   * the server load and compile, so it errs high for both servers.
   */
  private JsonObject warmUp(int connections, int joinRate, int idleSeconds) throws Exception {
    int rounds =
        Math.max(1, o.intOpt("warmup-rounds", o.quick ? 1 : 2)); // the first one measures RSS
    int joinsPerRound = Math.max(1, o.intOpt("warmup-joins", connections));
    JsonObject cold = new JsonObject();
    long rss0 = Proc.rssKiB(o.pid);
    for (int r = 0; r < rounds; r++) {
      String room = o.room + "-warmup" + r;
      List<String> users = Harness.users("w" + r + "-", 0, joinsPerRound);
      LatencyStats stats = new LatencyStats();
      double cpu0 = h.serverCpu();
      List<Conn> warm =
          h.onLoop(
              () -> h.joinMany(room, users, 0, joinRate, stats, null),
              joinsPerRound / Math.max(1, joinRate) + 300);
      double cpuPer1000 = (h.serverCpu() - cpu0) / Math.max(1, warm.size()) * 1000;
      LatencyStats copy = h.snapshot(stats);
      if (r == 0) {
        Thread.sleep(idleSeconds * 1000L);
        long rss1 = Proc.rssKiB(o.pid);
        cold.put("rssBeforeKiB", rss0)
            .put("rssIdleKiB", rss1)
            .put("rssPerConnKiB", round((rss1 - rss0) / (double) Math.max(1, warm.size()), 2))
            .put("coldJoined", warm.size())
            .put("coldJoinP50Ms", round(copy.percentileMs(50), 2))
            .put("coldJoinP99Ms", round(copy.percentileMs(99), 2))
            .put("coldJoinMaxMs", round(copy.maxMs(), 2))
            .put("coldCpuSecPer1000Joins", round(cpuPer1000, 3));
      }
      h.closeAll(warm);
      log(
          "S2 %s: warm-up storm %d: %d joined (p50 %.2f ms, p99 %.2f ms, %.3f CPU-s per 1000) and left",
          o.target, r + 1, warm.size(), copy.percentileMs(50), copy.percentileMs(99), cpuPer1000);
    }
    awaitIdleServer();
    return cold;
  }

  /**
   * Waits (at most 30 s) until the server used under 5 % of a core for a whole second (JIT queue
   * and GC done).
   */
  private void awaitIdleServer() throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    double last = h.serverCpu();
    Thread.sleep(1000);
    while (System.nanoTime() < deadline) {
      double now = h.serverCpu();
      if (Double.isNaN(now) || now - last < 0.05) {
        return;
      }
      last = now;
      Thread.sleep(1000);
    }
    log("S2 %s: the server was still busy 30 s after the warm-up", o.target);
  }

  /**
   * Logs when the joins slower than {@code --slow-join-ms} (default 50) were sent, per 100 ms of
   * wall-clock time, to line them up with the server's GC log ({@code -Xlog:gc:file=...:time}).
   */
  private void logSlowJoins(List<Conn> conns) {
    long slowMicros = o.intOpt("slow-join-ms", 50) * 1000L;
    TreeMap<Long, int[]> windows = new TreeMap<>();
    for (Conn c : conns) {
      if (c.loginMicros > slowMicros) {
        int[] w = windows.computeIfAbsent(c.loginSentAtMillis / 100, k -> new int[2]);
        w[0]++;
        w[1] = (int) Math.max(w[1], c.loginMicros / 1000);
      }
    }
    StringBuilder line = new StringBuilder();
    DateTimeFormatter hms =
        DateTimeFormatter.ofPattern("HH:mm:ss.S").withZone(ZoneId.systemDefault());
    windows.forEach(
        (w, v) ->
            line.append(' ')
                .append(hms.format(Instant.ofEpochMilli(w * 100)))
                .append(" x")
                .append(v[0])
                .append(" (max ")
                .append(v[1])
                .append(" ms)"));
    log(
        "S2 %s: joins slower than %d ms, by the 100 ms in which they were sent:%s",
        o.target, slowMicros / 1000, line.length() == 0 ? " none" : line.toString());
  }

  /** {@code churn} distinct random indexes below {@code size}. */
  private static List<Integer> pick(int size, int churn, Random random) {
    List<Integer> picks = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      picks.add(i);
    }
    Collections.shuffle(picks, random);
    return picks.subList(0, Math.min(churn, picks.size()));
  }

  /**
   * Closes {@code conns[chosen]} and logs the same users in again on new connections at {@code
   * joinRate}.
   */
  private List<Conn> rejoin(
      List<Conn> conns, List<Integer> chosen, int joinRate, LatencyStats churnJoins)
      throws Exception {
    List<String> names = new ArrayList<>();
    h.onLoop(
        () -> {
          List<Future<Void>> closes = new ArrayList<>();
          for (int i : chosen) {
            names.add(conns.get(i).userId);
            closes.add(conns.get(i).close());
          }
          return Future.join(closes).map(x -> null);
        },
        60);
    return h.onLoop(() -> h.joinMany(o.room, names, 0, joinRate, churnJoins, null), 600);
  }

  /** Puts the rejoined ones ({@code back}) in place of the closed ones. */
  private static void replace(List<Conn> conns, List<Integer> chosen, List<Conn> back) {
    Map<String, Conn> byName = new HashMap<>();
    back.forEach(c -> byName.put(c.userId, c));
    for (int i : chosen) {
      Conn c = byName.get(conns.get(i).userId);
      if (c != null) {
        conns.set(i, c);
      }
    }
  }

  /**
   * The room's online count: admin HTTP API (liveroom) or the observer's getOnlineCount
   * (socket.io).
   */
  private int onlineCount(Conn observer) throws Exception {
    if (o.protocol == Conn.Protocol.SOCKETIO) {
      return h.onLoop(() -> observer.onlineCount(o.room).map(j -> j.getInteger("count", -1)), 10);
    }
    return h.onLoop(
        () ->
            h.http
                .request(HttpMethod.GET, "/v1/rooms/" + o.room + "/online")
                .compose(req -> req.putHeader("Authorization", "Bearer " + ADMIN_SECRET).send())
                .compose(
                    resp ->
                        resp.body()
                            .map(
                                b ->
                                    resp.statusCode() == 200
                                        ? new JsonObject(b).getInteger("count", -1)
                                        : -1)),
        10);
  }
}
