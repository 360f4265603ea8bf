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
 * S2 join storm (docs/benchmarks.md): warm-up storms in other rooms ({@link S2WarmUp}; the first
 * one is reported as the cold start), then {@code --connections} join at {@code --join-rate} (join
 * latency, server CPU, RSS per idle connection), then churn rounds in which {@code --churn} random
 * connections close and rejoin, and how long until the online count is exact. Options:
 * --connections, --join-rate, --churn, --churn-every, --churn-for, --idle-seconds, --warmup-joins,
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
    JsonObject cold = new S2WarmUp(h).run(connections, joinRate, idleSeconds);
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
