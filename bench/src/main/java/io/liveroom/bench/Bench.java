package io.liveroom.bench;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The load tool behind bench/run.sh. {@code run} drives one scenario ({@link S1BarrageFanout},
 * {@link S2JoinStorm}) against one running server and writes one JSON result; {@code report}
 * ({@link Report}) takes the median of a directory of results, prints the table and the targets.
 * All receiving connections live on ONE event loop (the tool is pinned to one core); the barrage
 * sender has its own loop so its pacing is not disturbed by receiving ({@link Harness}).
 *
 * <pre>
 * java -jar liveroom-bench.jar run --scenario s1|s2 --target liveroom|liveroom-nomerge|socketio
 *     --port 8080 --pid SERVER_PID --out result.json [--quick] [options]
 * java -jar liveroom-bench.jar report DIR
 * </pre>
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println(
          "usage: run --scenario s1|s2 --target liveroom|liveroom-nomerge|socketio --port P --pid PID"
              + " --out FILE [--quick] | report DIR");
      System.exit(2);
    }
    if (args[0].equals("report")) {
      System.exit(Report.main(Path.of(args[1])));
    }
    Options opts = Options.parse(args, 1);
    Harness harness = new Harness(opts);
    String loadBefore = loadavg();
    JsonObject result;
    try {
      harness.start();
      result =
          switch (opts.get("scenario", "s1")) {
            case "s1" -> new S1BarrageFanout(harness).run();
            case "s2" -> new S2JoinStorm(harness).run();
            default -> throw new IllegalArgumentException("scenario must be s1 or s2");
          };
    } finally {
      harness.stop();
    }
    result
        .put("target", opts.target)
        .put("run", opts.intOpt("run", 1))
        .put("quick", opts.quick)
        .put("finishedAt", System.currentTimeMillis())
        .put("loadavgBefore", loadBefore)
        .put("loadavgAfter", loadavg())
        .put("nproc", Runtime.getRuntime().availableProcessors());
    String out = opts.get("out");
    if (out != null) {
      Files.writeString(Path.of(out), result.encodePrettily());
    }
    System.out.println(result.encode());
    System.exit(0);
  }

  /**
   * The machine's 1/5/15-minute load averages: other work on a shared machine skews latency and
   * throughput.
   */
  static String loadavg() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return "?";
    }
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
