package io.liveroom.bench;

import io.vertx.core.json.JsonObject;

/**
 * The benchmark summary as Markdown tables: S1 barrage fan-out (one row per rate step), S2 join
 * storm (one row per server), then the targets met or not.
 */
final class SummaryTable {
  private SummaryTable() {}

  static String render(JsonObject summary) {
    StringBuilder sb = new StringBuilder();
    JsonObject results = summary.getJsonObject("results");
    boolean header = false;
    for (String key : results.fieldNames()) {
      if (!key.startsWith("s1/")) {
        continue;
      }
      if (!header) {
        sb.append("S1 barrage fan-out (median of runs)\n");
        sb.append(
            String.format(
                "| %-17s | %5s | %12s | %12s | %8s | %9s | %9s | %9s | %8s | %7s | %8s |%n",
                "server",
                "msg/s",
                "delivered/s",
                "per CPU-s",
                "CPU %",
                "p50 ms",
                "p99 ms",
                "max ms",
                "drops %",
                "tool %",
                "survived"));
        sb.append(rule(19, 7, 14, 14, 10, 11, 11, 11, 10, 9, 10));
        header = true;
      }
      JsonObject r = results.getJsonObject(key);
      for (Object o : r.getJsonArray("steps")) {
        JsonObject s = (JsonObject) o;
        sb.append(
            String.format(
                "| %-17s | %5.0f | %,12.0f | %,12.0f | %8.1f | %9.2f | %9.2f | %9.2f | %8.3f | %7.1f | %8s |%n",
                key.substring(3),
                s.getDouble("rate"),
                s.getDouble("deliveredPerSec"),
                s.getDouble("deliveredPerCpuSec"),
                s.getDouble("serverCpuPct"),
                s.getDouble("p50Ms"),
                s.getDouble("p99Ms"),
                s.getDouble("maxMs"),
                s.getDouble("dropPct"),
                s.getDouble("toolCpuPct"),
                s.getBoolean("survived", false) ? "yes" : "no"));
      }
    }
    header = false;
    for (String key : results.fieldNames()) {
      if (!key.startsWith("s2/")) {
        continue;
      }
      if (!header) {
        sb.append("\nS2 join storm (median of runs)\n");
        sb.append(
            String.format(
                "| %-9s | %6s | %8s | %8s | %8s | %10s | %10s | %11s | %12s | %10s | %9s | %10s |%n",
                "server",
                "joined",
                "join p50",
                "join p99",
                "join max",
                "churn p99",
                "CPU-s/1000",
                "KiB/idle",
                "count exact",
                "last count",
                "cold p99",
                "cold CPU-s"));
        sb.append(rule(11, 8, 10, 10, 10, 12, 12, 13, 14, 12, 11, 12));
        header = true;
      }
      JsonObject r = results.getJsonObject(key);
      double exact = r.getDouble("countExactAfterMs");
      sb.append(
          String.format(
              "| %-9s | %6.0f | %8.2f | %8.2f | %8.2f | %10.2f | %10.3f | %11.1f | %12s | %10.0f | %9.2f | %10.3f |%n",
              key.substring(3),
              r.getDouble("joined"),
              r.getDouble("joinP50Ms"),
              r.getDouble("joinP99Ms"),
              r.getDouble("joinMaxMs"),
              r.getDouble("churnJoinP99Ms"),
              r.getDouble("cpuSecPer1000Joins"),
              r.getDouble("rssPerConnKiB"),
              exact < 0 ? "never" : String.format("%.0f ms", exact),
              r.getDouble("lastCount"),
              r.getDouble("coldJoinP99Ms", Double.NaN),
              r.getDouble("coldCpuSecPer1000Joins", Double.NaN)));
    }
    sb.append("\nTargets\n");
    for (Object o : summary.getJsonArray("targets")) {
      JsonObject t = (JsonObject) o;
      sb.append(
          String.format(
              "  [%s] %s: %s%n",
              t.getBoolean("met") ? "met" : "NOT MET",
              t.getString("target"),
              t.getString("measured")));
    }
    return sb.toString();
  }

  /** A Markdown table's separator row: one run of dashes per column, of these widths. */
  private static String rule(int... widths) {
    StringBuilder sb = new StringBuilder("|");
    for (int w : widths) {
      sb.append("-".repeat(w)).append("|");
    }
    return sb.append("\n").toString();
  }
}
