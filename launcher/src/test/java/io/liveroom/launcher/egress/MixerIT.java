package io.liveroom.launcher.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.testing.browser.BrowserScenarioRunner;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SDK's startMixerTask / stopMixerTask with real headless Chromium publishing two streams (see
 * {@link MixerScenario}): bad tasks get their error codes and start nothing; the mix of both
 * reaches a local RTMP server as one 640x360 H264 picture with AAC sound; one publisher leaving
 * does not stop it; stopMixerTask ends it.
 */
class MixerIT {
  @Test
  void twoPublishedStreamsAreMixedSideBySideToRtmp() throws Exception {
    var run =
        BrowserScenarioRunner.run(MixerScenario.class, new JsonObject(), Duration.ofSeconds(200));
    System.out.println("MixerIT: " + run.describe());
    JsonObject r = run.value();
    assertEquals(1000004, r.getJsonObject("tooMany").getInteger("errorCode"), run::describe);
    assertEquals(1000004, r.getJsonObject("outside").getInteger("errorCode"), run::describe);
    assertEquals(1003002, r.getJsonObject("unknownStream").getInteger("errorCode"), run::describe);
    assertEquals(1000004, r.getJsonObject("hostileTarget").getInteger("errorCode"), run::describe);
    assertEquals(1000004, r.getJsonObject("hostileStream").getInteger("errorCode"), run::describe);
    assertEquals(401, r.getJsonObject("noToken").getInteger("status"), run::describe);
    assertEquals(1001001, r.getJsonObject("noToken").getInteger("code"), run::describe);
    assertEquals(403, r.getJsonObject("noPublishPrivilege").getInteger("status"), run::describe);
    assertEquals(1001008, r.getJsonObject("noPublishPrivilege").getInteger("code"), run::describe);
    assertEquals(
        0,
        r.getJsonObject("jobsAfterBad").getJsonObject("body").getJsonArray("jobs").size(),
        run::describe);

    assertEquals(0, r.getJsonObject("start").getInteger("errorCode"), run::describe);
    assertTrue(r.getLong("bytesBothLive") >= 150_000, run::describe);
    assertTrue(
        r.getLong("bytesAfterBobLeft") > 20_000,
        () -> "the mix stalled after bob left: " + run.describe());
    JsonObject job = r.getJsonObject("jobsWhileRunning").getJsonArray("jobs").getJsonObject(0);
    assertEquals("mix", job.getString("kind"), run::describe);
    assertEquals("mix-1", job.getString("streamID"), run::describe);
    assertEquals("RUNNING", job.getString("state"), run::describe);
    assertEquals(0, r.getJsonObject("stop").getInteger("errorCode"), run::describe);
    assertEquals(1010002, r.getJsonObject("stopAgain").getInteger("errorCode"), run::describe);
    assertEquals(true, r.getBoolean("serverExited"), run::describe);

    System.out.printf(
        "MixerIT: mix ffmpeg CPU: %.3f cores with both inputs (4 s), %.3f with one (8 s)%n",
        r.getJsonObject("cpuBothLive").getJsonObject("mix").getDouble("cpuPerSecond"),
        r.getJsonObject("cpu").getJsonObject("mix").getDouble("cpuPerSecond"));
    JsonObject probe = EgressIT.ffprobe(Path.of(r.getString("flv")));
    System.out.println("MixerIT: ffprobe of the mix: " + probe.encode());
    List<String> kinds = new ArrayList<>();
    for (Object o : probe.getJsonArray("streams")) {
      JsonObject s = (JsonObject) o;
      kinds.add(s.getString("codec_type") + "/" + s.getString("codec_name"));
      if ("video".equals(s.getString("codec_type"))) {
        assertEquals(640, s.getInteger("width"), probe::encode);
        assertEquals(360, s.getInteger("height"), probe::encode);
      }
    }
    kinds.sort(null);
    assertEquals(List.of("audio/aac", "video/h264"), kinds, probe::encode);
    double duration = Double.parseDouble(probe.getJsonObject("format").getString("duration"));
    assertTrue(duration >= 8, () -> "mixed " + duration + " s: " + probe.encode());

    // the layout: early on both pictures are in their rectangles (detail: a luma range), the strip
    // above bob's rectangle is canvas black; at the end bob's rectangle is black, alice's not
    Path flv = Path.of(r.getString("flv"));
    String alice = "320:360:0:0";
    String bob = "320:240:320:60";
    String strip = "320:60:320:0";
    // (each picture appears with its first keyframe, up to a few seconds in)
    double both = -1;
    for (double t = 0.5; t <= Math.min(6, duration - 2) && both < 0; t += 0.5) {
      if (lumaRange(flv, t, alice) > 10 && lumaRange(flv, t, bob) > 10) {
        both = t;
      }
    }
    assertTrue(both >= 0, () -> "never both pictures in the first 6 s: " + run.describe());
    assertTrue(lumaRange(flv, both, strip) <= 2, run::describe);
    assertTrue(lumaRange(flv, duration - 1, alice) > 10, run::describe);
    assertTrue(lumaRange(flv, duration - 1, bob) <= 2, run::describe);
  }

  /** YMAX - YMIN of the region {@code crop} (w:h:x:y) of the frame at {@code t} seconds. */
  static double lumaRange(Path file, double t, String crop) throws Exception {
    Process p =
        new ProcessBuilder(
                "ffmpeg",
                "-hide_banner",
                "-loglevel",
                "info",
                "-ss",
                String.format(java.util.Locale.ROOT, "%.2f", t),
                "-i",
                file.toString(),
                "-frames:v",
                "1",
                "-vf",
                "crop=" + crop + ",signalstats,metadata=print",
                "-f",
                "null",
                "-")
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), log);
    double min = value(log, "lavfi.signalstats.YMIN=");
    double max = value(log, "lavfi.signalstats.YMAX=");
    System.out.printf("MixerIT: luma of %s at %.1f s: %.0f-%.0f%n", crop, t, min, max);
    return max - min;
  }

  private static double value(String log, String key) {
    int at = log.lastIndexOf(key);
    assertTrue(at >= 0, () -> "no " + key + " in " + log);
    return Double.parseDouble(
        log.substring(at + key.length()).lines().findFirst().orElseThrow().trim());
  }
}
