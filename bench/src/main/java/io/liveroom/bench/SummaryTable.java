package io.liveroom.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark summary as Markdown tables: S1 barrage fan-out (one row per rate step), S2 join
 * storm (one row per server), then the targets met or not.
 */
final class SummaryTable {
  private SummaryTable() {}

  /** One column: its title, the format of its cells (the title takes the same width), its cell. */
  private record Column(String title, String format, Function<JsonObject, Object> cell) {
    int width() {
      Matcher m = WIDTH.matcher(format);
      if (!m.find()) {
        throw new IllegalArgumentException("no width in " + format);
      }
      return Integer.parseInt(m.group(1));
    }
  }

  private static final Pattern WIDTH = Pattern.compile("^%[-,]*(\\d+)");

  private static Column number(String title, String format, String field) {
    return new Column(title, format, r -> r.getDouble(field));
  }

  /** S1: one row per rate step of each server. */
  private static final List<Column> S1 =
      List.of(
          number("msg/s", "%5.0f", "rate"),
          number("delivered/s", "%,12.0f", "deliveredPerSec"),
          number("per CPU-s", "%,12.0f", "deliveredPerCpuSec"),
          number("CPU %", "%8.1f", "serverCpuPct"),
          number("p50 ms", "%9.2f", "p50Ms"),
          number("p99 ms", "%9.2f", "p99Ms"),
          number("max ms", "%9.2f", "maxMs"),
          number("drops %", "%8.3f", "dropPct"),
          number("tool %", "%7.1f", "toolCpuPct"),
          new Column("survived", "%8s", s -> s.getBoolean("survived", false) ? "yes" : "no"));

  /** S2: one row per server. */
  private static final List<Column> S2 =
      List.of(
          number("joined", "%6.0f", "joined"),
          number("join p50", "%8.2f", "joinP50Ms"),
          number("join p99", "%8.2f", "joinP99Ms"),
          number("join max", "%8.2f", "joinMaxMs"),
          number("churn p99", "%10.2f", "churnJoinP99Ms"),
          number("CPU-s/1000", "%10.3f", "cpuSecPer1000Joins"),
          number("KiB/idle", "%11.1f", "rssPerConnKiB"),
          new Column("count exact", "%12s", r -> exactAfter(r.getDouble("countExactAfterMs"))),
          number("last count", "%10.0f", "lastCount"),
          new Column("cold p99", "%9.2f", r -> r.getDouble("coldJoinP99Ms", Double.NaN)),
          new Column(
              "cold CPU-s", "%10.3f", r -> r.getDouble("coldCpuSecPer1000Joins", Double.NaN)));

  static String render(JsonObject summary) {
    StringBuilder sb = new StringBuilder();
    JsonObject results = summary.getJsonObject("results");
    table(sb, results, "s1/", "S1 barrage fan-out (median of runs)\n", 17, S1, r -> steps(r));
    table(sb, results, "s2/", "\nS2 join storm (median of runs)\n", 9, S2, List::of);
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

  /**
   * The results under {@code prefix} as one table (none when there are none): a column of server
   * names {@code serverWidth} wide, then {@code columns}, one line per row of each result.
   */
  private static void table(
      StringBuilder sb,
      JsonObject results,
      String prefix,
      String title,
      int serverWidth,
      List<Column> columns,
      Function<JsonObject, List<JsonObject>> rows) {
    StringBuilder titles = new StringBuilder("| %-" + serverWidth + "s");
    StringBuilder cells = new StringBuilder(titles);
    List<Object> names = new ArrayList<>(List.of("server"));
    int[] widths = new int[columns.size() + 1];
    widths[0] = serverWidth + 2;
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      titles.append(" | %").append(c.width()).append('s');
      cells.append(" | ").append(c.format());
      names.add(c.title());
      widths[i + 1] = c.width() + 2;
    }
    boolean header = false;
    for (String key : results.fieldNames()) {
      if (!key.startsWith(prefix)) {
        continue;
      }
      if (!header) {
        sb.append(title);
        sb.append(String.format(titles + " |%n", names.toArray()));
        sb.append(rule(widths));
        header = true;
      }
      for (JsonObject row : rows.apply(results.getJsonObject(key))) {
        List<Object> values = new ArrayList<>(List.of(key.substring(prefix.length())));
        columns.forEach(c -> values.add(c.cell().apply(row)));
        sb.append(String.format(cells + " |%n", values.toArray()));
      }
    }
  }

  private static List<JsonObject> steps(JsonObject result) {
    List<JsonObject> out = new ArrayList<>();
    result.getJsonArray("steps").forEach(o -> out.add((JsonObject) o));
    return out;
  }

  private static String exactAfter(double ms) {
    return ms < 0 ? "never" : String.format("%.0f ms", ms);
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
