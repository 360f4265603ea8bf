package io.liveroom.bench;

import static io.liveroom.bench.Bench.log;
import static io.liveroom.bench.Bench.round;

import io.vertx.core.Context;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S1 barrage fan-out (docs/benchmarks.md): {@code --subscribers} log into one room, a sender on its
 * own event loop sends barrage at each of {@code --rates} for {@code --step-seconds}, and every
 * step reports delivered/s, delivered per server CPU-second, latency, drops and whether it
 * survived. Options: --subscribers, --step-seconds, --warmup-seconds, --drain-seconds, --rates,
 * --join-rate.
 */
final class S1BarrageFanout {
  private final Harness h;
  private final Options o;
  private volatile long lastDelivery = System.nanoTime();
  private LatencyStats[] stepStats = new LatencyStats[0];

  S1BarrageFanout(Harness harness) {
    this.h = harness;
    this.o = harness.opts;
  }

  JsonObject run() throws Exception {
    int subscribers = o.intOpt("subscribers", 5000);
    int stepSeconds = o.intOpt("step-seconds", o.quick ? 5 : 20);
    int warmupSeconds = o.intOpt("warmup-seconds", o.quick ? 3 : 5);
    int maxDrainSeconds = o.intOpt("drain-seconds", o.quick ? 5 : 10);
    List<Integer> rates = new ArrayList<>();
    for (String r : o.get("rates", "20,100,500").split(",")) {
      rates.add(Integer.parseInt(r.trim()));
    }
    stepStats = new LatencyStats[rates.size()];
    for (int i = 0; i < stepStats.length; i++) {
      stepStats[i] = new LatencyStats();
    }
    log("S1 %s: %d subscribers joining room %s", o.target, subscribers, o.room);
    List<Conn> subs =
        h.onLoop(
            () ->
                h.joinMany(
                    o.room,
                    Harness.users("sub-", 0, subscribers),
                    0,
                    o.intOpt("join-rate", 2000),
                    null,
                    this::deliver),
            600);
    log("S1 %s: %d/%d subscribers in", o.target, subs.size(), subscribers);
    // the sender: its own event loop, its own connection (its copy of the barrage is not counted)
    Context senderLoop = h.senderVertx.getOrCreateContext();
    WebSocketClient senderClient =
        h.senderVertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20));
    Conn sender = new Conn(o.protocol, "sender", -1, null);
    Harness.await(
        senderLoop,
        () ->
            sender
                .connect(senderClient, o.port)
                .compose(x -> sender.login(o.room, h.token("sender", o.room))),
        30);

    // warm-up (JIT on both sides), not measured: step index past the end
    // at the first step's rate: a warm-up the server cannot keep up with would leave a backlog in
    // the first step
    sendAt(
        senderLoop,
        sender,
        rates.get(0),
        warmupSeconds,
        Integer.MAX_VALUE / 2,
        new AtomicLong(),
        new AtomicLong(),
        new AtomicLong());
    drain(maxDrainSeconds);

    JsonArray steps = new JsonArray();
    for (int s = 0; s < rates.size(); s++) {
      JsonObject row =
          step(s, rates.get(s), stepSeconds, maxDrainSeconds, subs, senderLoop, sender);
      steps.add(row);
      log("S1 %s step %d/s: %s", o.target, rates.get(s), row.encode());
    }
    senderLoop.runOnContext(v -> sender.close());
    return new JsonObject()
        .put("scenario", "s1")
        .put("subscribers", subscribers)
        .put("stepSeconds", stepSeconds)
        .put("msgBytes", o.msgBytes)
        .put("steps", steps)
        .put("disconnects", (int) subs.stream().filter(c -> !c.isOpen()).count());
  }

  /**
   * What each subscriber does with a barrage message: counts it in its step, with its latency when
   * sampled.
   */
  private void deliver(Conn conn, int step, long sent, long now) {
    lastDelivery = now;
    if (step < stepStats.length) {
      if (conn.sampled) {
        stepStats[step].record((now - sent) / 1000);
      } else {
        stepStats[step].countUnsampled();
      }
    }
  }

  /** One measured step: sends at {@code rate}, drains, and returns the step's row of the result. */
  private JsonObject step(
      int s,
      int rate,
      int stepSeconds,
      int maxDrainSeconds,
      List<Conn> subs,
      Context senderLoop,
      Conn sender)
      throws Exception {
    double cpu0 = h.serverCpu();
    double tool0 = Proc.cpuSeconds(Proc.self());
    long t0 = System.nanoTime();
    AtomicLong sent = new AtomicLong();
    AtomicLong ok = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    sendAt(senderLoop, sender, rate, stepSeconds, s, sent, ok, refused);
    double drainSeconds = drain(maxDrainSeconds);
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = h.serverCpu() - cpu0;
    double tool = Proc.cpuSeconds(Proc.self()) - tool0;
    LatencyStats stats = h.snapshot(stepStats[s]);
    int connected = h.countOpen(subs);
    // deliveries of a step that falls behind go on after it: rate over the time until the last one
    double active = Math.max(stepSeconds, (lastDelivery - t0) / 1e9);
    long expected = sent.get() * subs.size();
    long delivered = stats.delivered();
    double dropPct = LatencyStats.dropPercent(expected, delivered);
    boolean survived = connected == subs.size() && dropPct <= 1.0 && sender.isOpen();
    return new JsonObject()
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
  }

  /**
   * Sends barrage at {@code rate}/s for {@code seconds} from the sender's loop; blocks until done.
   */
  private void sendAt(
      Context senderLoop,
      Conn sender,
      int rate,
      int seconds,
      int step,
      AtomicLong sent,
      AtomicLong ok,
      AtomicLong refused)
      throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    long total = (long) rate * seconds;
    senderLoop.runOnContext(
        v -> {
          long begin = System.nanoTime();
          h.senderVertx.setPeriodic(
              0,
              1,
              id -> {
                long now = System.nanoTime();
                long due = Math.min(total, (now - begin) * rate / 1_000_000_000L + 1);
                while (sent.get() < due) {
                  sent.incrementAndGet();
                  sender
                      .barrage(o.room, Markers.message(step, System.nanoTime(), o.msgBytes))
                      .onComplete(
                          ar -> {
                            if (ar.succeeded() && ar.result().getBoolean("ok", false)) {
                              ok.incrementAndGet();
                            } else {
                              if (refused.incrementAndGet() <= 3) {
                                System.err.println(
                                    "barrage refused: "
                                        + (ar.succeeded()
                                            ? ar.result().encode()
                                            : ar.cause().getMessage()));
                              }
                            }
                          });
                }
                if (sent.get() >= total || now - begin > (seconds + 5) * 1_000_000_000L) {
                  h.senderVertx.cancelTimer(id);
                  done.complete(null);
                }
              });
        });
    done.get(seconds + 30L, TimeUnit.SECONDS);
  }

  /**
   * Waits until nothing was delivered for one second (at most {@code maxSeconds}); returns the
   * wait.
   */
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
}
