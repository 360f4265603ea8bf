package io.liveroom.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {
  @Test
  void percentilesInMilliseconds() {
    LatencyStats s = new LatencyStats();
    for (int i = 1; i <= 1000; i++) {
      s.record(i * 1000L); // 1 ms .. 1000 ms
    }
    assertEquals(1000, s.delivered());
    assertEquals(500, s.percentileMs(50), 1);
    assertEquals(990, s.percentileMs(99), 1);
    assertEquals(1000, s.maxMs(), 1);
  }

  @Test
  void unsampledDeliveriesCountButDoNotMoveLatency() {
    LatencyStats s = new LatencyStats();
    s.record(2000);
    s.countUnsampled();
    s.countUnsampled();
    assertEquals(3, s.delivered());
    assertEquals(1, s.sampled());
    assertEquals(2, s.percentileMs(99), 0.01);
  }

  @Test
  void clampsOutOfRangeValues() {
    LatencyStats s = new LatencyStats();
    s.record(-5);
    s.record(0);
    s.record(Long.MAX_VALUE);
    assertEquals(3, s.delivered());
    assertTrue(s.maxMs() >= LatencyStats.MAX_MICROS / 1000.0 * 0.999);
  }

  @Test
  void addMergesAndResetClears() {
    LatencyStats a = new LatencyStats();
    LatencyStats b = new LatencyStats();
    a.record(1000);
    b.record(3000);
    b.countUnsampled();
    a.add(b);
    assertEquals(3, a.delivered());
    assertEquals(3, a.maxMs(), 0.01);
    a.reset();
    assertEquals(0, a.delivered());
    assertTrue(Double.isNaN(a.percentileMs(50)));
  }

  @Test
  void dropsNeverNegative() {
    assertEquals(10, LatencyStats.drops(100, 90));
    assertEquals(0, LatencyStats.drops(100, 120));
    assertEquals(10.0, LatencyStats.dropPercent(100, 90), 1e-9);
    assertEquals(0.0, LatencyStats.dropPercent(0, 0), 1e-9);
  }

  @Test
  void markersAreFoundInMergedFramesOfEitherProtocol() {
    String m1 = Markers.message(2, 123456789L, 100);
    String m2 = Markers.message(0, 42L, 100);
    assertEquals(100, m1.length());
    String liveroom =
        "{\"event\":\"IMRecvBarrageMessage\",\"roomID\":\"r\",\"chatData\":[{\"messageID\":1,\"message\":\""
            + m1
            + "\"},{\"messageID\":2,\"message\":\""
            + m2
            + "\"}]}";
    String socketio =
        "42[\"IMRecvBarrageMessage\",{\"roomID\":\"r\",\"chatData\":[{\"message\":\""
            + m1
            + "\"}]}]";
    List<long[]> found = new ArrayList<>();
    byte[] bytes = liveroom.getBytes();
    assertEquals(
        2, Markers.scan(bytes, bytes.length, (step, nanos) -> found.add(new long[] {step, nanos})));
    assertEquals(2, found.get(0)[0]);
    assertEquals(123456789L, found.get(0)[1]);
    assertEquals(0, found.get(1)[0]);
    assertEquals(42L, found.get(1)[1]);
    bytes = socketio.getBytes();
    assertEquals(1, Markers.scan(bytes, bytes.length, (step, nanos) -> {}));
    byte[] junk = "~S~ ~S1 ~S1T~ ~S1T5 {\"id\":1,\"ok\":true}".getBytes();
    assertEquals(0, Markers.scan(junk, junk.length, (step, nanos) -> {}));
  }

  @Test
  void reportTakesMediansAndJudgesTargets() {
    assertEquals(2.0, Report.median(List.of(3.0, 1.0, 2.0)));
    assertEquals(2.5, Report.median(List.of(4.0, 1.0, 2.0, 3.0)));
    var rows =
        List.of(
            new io.vertx.core.json.JsonObject().put("p99Ms", 10).put("survived", true),
            new io.vertx.core.json.JsonObject().put("p99Ms", 30).put("survived", false),
            new io.vertx.core.json.JsonObject().put("p99Ms", 20).put("survived", true));
    var m = Report.medianOf(rows);
    assertEquals(20.0, m.getDouble("p99Ms"));
    assertTrue(m.getBoolean("survived"));

    var s2 =
        new io.vertx.core.json.JsonObject()
            .put("scenario", "s2")
            .put("target", "liveroom")
            .put("joinRate", 1000)
            .put("joinP99Ms", 12.0)
            .put("countExactAfterMs", 2500.0)
            .put("rssPerConnKiB", 20.0);
    var summary = Report.summarize(Map.of("s2/liveroom", List.of(s2)));
    var targets = summary.getJsonArray("targets");
    assertEquals(3, targets.size());
    assertTrue(targets.getJsonObject(0).getBoolean("met"));
    assertTrue(!targets.getJsonObject(1).getBoolean("met"));
    assertTrue(targets.getJsonObject(2).getBoolean("met"));
    assertEquals("12.0 ms", targets.getJsonObject(0).getString("measured"));
  }

  @Test
  void coldStartStormIsReportedNextToTheSteadyState() {
    var run =
        new io.vertx.core.json.JsonObject()
            .put("scenario", "s2")
            .put("target", "liveroom")
            .put("joinRate", 1000)
            .put("joined", 10000)
            .put("joinP50Ms", 0.2)
            .put("joinP99Ms", 60.0)
            .put("joinMaxMs", 90.0)
            .put("churnJoinP99Ms", 40.0)
            .put("cpuSecPer1000Joins", 0.6)
            .put("rssPerConnKiB", 11.0)
            .put("countExactAfterMs", 300.0)
            .put("lastCount", 10000)
            .put("coldJoinP99Ms", 3700.0)
            .put("coldCpuSecPer1000Joins", 1.1);
    var summary =
        Report.summarize(
            Map.of(
                "s2/liveroom",
                List.of(
                    run,
                    run.copy().put("coldJoinP99Ms", 3900.0),
                    run.copy().put("coldJoinP99Ms", 100.0))));
    var join = summary.getJsonArray("targets").getJsonObject(0);
    assertTrue(!join.getBoolean("met"));
    assertEquals(
        "60.0 ms (first storm after start, cold JIT: 3700.0 ms)", join.getString("measured"));
    String table = SummaryTable.render(summary);
    assertTrue(table.contains("cold p99"), table);
    assertTrue(table.contains("3700.00"), table);
  }
}
