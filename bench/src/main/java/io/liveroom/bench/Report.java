package io.liveroom.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Median of every run's numbers (per scenario, target and S1 step), the table ({@link
 * SummaryTable}), and the targets as met / not met. Writes {@code summary.json} next to the
 * runs.
 */
final class Report {
  private Report() {}

  static int main(Path dir) throws IOException {
    Map<String, List<JsonObject>> runs = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".json") || name.equals("summary.json")) {
          continue;
        }
        JsonObject run = new JsonObject(Files.readString(f));
        runs.computeIfAbsent(
                run.getString("scenario") + "/" + run.getString("target"), k -> new ArrayList<>())
            .add(run);
      }
    }
    JsonObject summary = summarize(runs);
    Files.writeString(dir.resolve("summary.json"), summary.encodePrettily());
    System.out.println(SummaryTable.render(summary));
    System.out.println("results: " + dir.toAbsolutePath());
    return 0;
  }

  static double median(List<Double> values) {
    List<Double> v = new ArrayList<>(values);
    v.removeIf(d -> d == null || Double.isNaN(d));
    if (v.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(v);
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }

  /** The median of every numeric field over {@code rows}; booleans by majority. */
  static JsonObject medianOf(List<JsonObject> rows) {
    JsonObject out = new JsonObject();
    for (String key : rows.get(0).fieldNames()) {
      Object first = rows.get(0).getValue(key);
      if (first instanceof Number) {
        List<Double> values = new ArrayList<>();
        rows.forEach(
            r -> values.add(r.getValue(key) instanceof Number n ? n.doubleValue() : Double.NaN));
        out.put(key, Bench.round(median(values), 3));
      } else if (first instanceof Boolean) {
        long yes = rows.stream().filter(r -> r.getBoolean(key, false)).count();
        out.put(key, yes * 2 > rows.size());
      }
    }
    return out;
  }

  static JsonObject summarize(Map<String, List<JsonObject>> runs) {
    JsonObject results = new JsonObject();
    runs.forEach(
        (key, list) -> {
          JsonObject m;
          if (key.startsWith("s1/")) {
            m = new JsonObject().put("runs", list.size());
            JsonArray steps = new JsonArray();
            int n = list.stream().mapToInt(r -> r.getJsonArray("steps").size()).min().orElse(0);
            for (int i = 0; i < n; i++) {
              List<JsonObject> rows = new ArrayList<>();
              for (JsonObject r : list) {
                rows.add(r.getJsonArray("steps").getJsonObject(i));
              }
              steps.add(medianOf(rows));
            }
            m.put("steps", steps);
          } else {
            m = medianOf(list).put("runs", list.size());
          }
          results.put(key, m);
        });
    return new JsonObject().put("results", results).put("targets", targets(results));
  }

  private static JsonObject step(JsonObject results, String key, int rate) {
    JsonObject r = results.getJsonObject(key);
    if (r == null) {
      return null;
    }
    for (Object o : r.getJsonArray("steps")) {
      JsonObject s = (JsonObject) o;
      if (s.getDouble("rate") == rate) {
        return s;
      }
    }
    return null;
  }

  static JsonArray targets(JsonObject results) {
    JsonArray out = new JsonArray();
    JsonObject ours = results.getJsonObject("s1/liveroom");
    JsonObject peer = results.getJsonObject("s1/socketio");
    if (ours != null && peer != null) {
      boolean all = true;
      StringBuilder detail = new StringBuilder();
      for (Object o : ours.getJsonArray("steps")) {
        JsonObject s = (JsonObject) o;
        JsonObject p = step(results, "s1/socketio", (int) (double) s.getDouble("rate"));
        if (p == null) {
          continue;
        }
        if (p.getDouble("deliveredPerCpuSec") <= 0 || s.getDouble("deliveredPerCpuSec") <= 0) {
          all = false; // nothing to compare: a server delivered nothing at this step
          detail.append(
              String.format(
                  "%d/s: n/a (ours %.0f, peer %.0f)  ",
                  (int) (double) s.getDouble("rate"),
                  s.getDouble("deliveredPerCpuSec"),
                  p.getDouble("deliveredPerCpuSec")));
          continue;
        }
        double ratio =
            s.getDouble("deliveredPerCpuSec") / Math.max(1, p.getDouble("deliveredPerCpuSec"));
        all &= ratio >= 10;
        detail.append(String.format("%d/s: %.1fx  ", (int) (double) s.getDouble("rate"), ratio));
      }
      out.add(
          target(
              "S1 delivered per server CPU-second >= 10x socket.io (every step)",
              all,
              detail.toString().trim()));
    }
    if (ours != null) {
      boolean all = true;
      StringBuilder detail = new StringBuilder();
      for (Object o : ours.getJsonArray("steps")) {
        JsonObject s = (JsonObject) o;
        JsonObject p =
            peer == null ? null : step(results, "s1/socketio", (int) (double) s.getDouble("rate"));
        boolean peerSurvives = p == null || p.getBoolean("survived", false);
        if (peerSurvives) {
          all &= s.getDouble("p99Ms") >= 0 && s.getDouble("p99Ms") <= 200;
          detail.append(
              String.format(
                  "%d/s: %.1f ms  ", (int) (double) s.getDouble("rate"), s.getDouble("p99Ms")));
        } else {
          detail.append(
              String.format(
                  "%d/s: (peer did not survive; ours %.1f ms)  ",
                  (int) (double) s.getDouble("rate"), s.getDouble("p99Ms")));
        }
      }
      out.add(
          target(
              "S1 p99 <= 200 ms at every step the peer survives", all, detail.toString().trim()));
      JsonObject s500 = step(results, "s1/liveroom", 500);
      if (s500 != null) {
        double d = s500.getDouble("deliveredPerSec");
        out.add(
            target(
                "S1 >= 1 M delivered msgs/s at the 500/s step (one pinned core)",
                d >= 1_000_000,
                String.format("%.0f msgs/s", d)));
      }
    }
    JsonObject s2 = results.getJsonObject("s2/liveroom");
    if (s2 != null) {
      double p99 = s2.getDouble("joinP99Ms");
      Double cold = s2.getDouble("coldJoinP99Ms");
      out.add(
          target(
              "S2 join p99 <= 50 ms at " + (int) (double) s2.getDouble("joinRate") + " joins/s",
              p99 >= 0 && p99 <= 50,
              String.format("%.1f ms", p99)
                  + (cold == null
                      ? ""
                      : String.format(" (first storm after start, cold JIT: %.1f ms)", cold))));
      double exact = s2.getDouble("countExactAfterMs");
      out.add(
          target(
              "S2 online count exact <= 1 s after churn stops",
              exact >= 0 && exact <= 1000,
              exact < 0 ? "never exact within 30 s" : String.format("%.0f ms", exact)));
      double rss = s2.getDouble("rssPerConnKiB");
      out.add(
          target(
              "S2 <= 30 KiB RSS per idle connection", rss <= 30, String.format("%.1f KiB", rss)));
    }
    return out;
  }

  private static JsonObject target(String name, boolean met, String measured) {
    return new JsonObject().put("target", name).put("met", met).put("measured", measured);
  }
}
