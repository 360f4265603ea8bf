package io.liveroom.bench;

import static io.liveroom.bench.Bench.log;
import static io.liveroom.bench.Bench.round;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** The warm-up before {@link S2JoinStorm}'s measured storm, and its cold-start figures. */
final class S2WarmUp {
  private final Harness h;
  private final Options o;

  S2WarmUp(Harness harness) {
    this.h = harness;
    this.o = harness.opts;
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
  JsonObject run(int connections, int joinRate, int idleSeconds) throws Exception {
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
}
