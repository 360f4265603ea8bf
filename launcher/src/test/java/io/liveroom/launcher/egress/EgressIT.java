package io.liveroom.launcher.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.testing.browser.BrowserScenarioRunner;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Egress with real headless Chromium publishing (see {@link EgressScenario}): a record job yields a
 * WebM whose video and audio ffprobe reads, at least 8 s long, with a complete manifest, finalized
 * when the publisher stopped; an HLS job's playlist advances, a segment is H264 + AAC as ffprobe
 * reads it, and Chromium plays /watch.html. Unknown streams and jobs are 404 with their codes.
 */
class EgressIT {
  @Test
  void chromiumPublishesAndTheStreamIsRecordedAndServedAsHls() throws Exception {
    var run =
        BrowserScenarioRunner.run(EgressScenario.class, new JsonObject(), Duration.ofSeconds(240));
    System.out.println("EgressIT: " + run.describe());
    JsonObject r = run.value();
    JsonObject unknown = r.getJsonObject("unknownStream");
    assertEquals(404, unknown.getInteger("status"), run::describe);
    assertEquals(
        1003002,
        unknown.getJsonObject("body").getJsonObject("error").getInteger("code"),
        run::describe);
    assertEquals(400, r.getJsonObject("badKind").getInteger("status"), run::describe);
    assertEquals(404, r.getJsonObject("unknownJob").getInteger("status"), run::describe);
    assertEquals(
        1010002,
        r.getJsonObject("unknownJob")
            .getJsonObject("body")
            .getJsonObject("error")
            .getInteger("code"));
    assertEquals(200, r.getJsonObject("recordStart").getInteger("status"), run::describe);
    assertEquals(200, r.getJsonObject("hlsStart").getInteger("status"), run::describe);

    // record: finalized by the publisher's stop, WebM with video and audio, >= 8 s
    JsonObject ended = r.getJsonObject("recordEnded");
    assertNotNull(
        ended, () -> "the record job did not end after the publisher stopped: " + run.describe());
    assertEquals("ENDED", ended.getString("state"), run::describe);
    Path file = Path.of(ended.getString("output"));
    assertTrue(file.toString().endsWith(".webm"), run::describe);
    JsonObject probe = ffprobe(file);
    System.out.println("EgressIT: ffprobe of the recording: " + probe.encode());
    assertEquals(
        List.of("audio", "video"), kinds(probe), () -> "streams: " + probe.encodePrettily());
    double duration = Double.parseDouble(probe.getJsonObject("format").getString("duration"));
    assertTrue(duration >= 8.0, () -> "recorded " + duration + " s: " + probe.encodePrettily());
    JsonObject manifest = r.getJsonObject("manifest");
    assertNotNull(manifest, run::describe);
    assertTrue(
        manifest.getDouble("durationSeconds") >= 8.0
            && manifest.getLong("sizeBytes") == Files.size(file),
        run::describe);
    assertNotNull(manifest.getString("start"), run::describe);
    assertNotNull(manifest.getString("end"), run::describe);
    assertEquals("VP8", manifest.getJsonObject("codec").getString("video"), run::describe);

    // hls: the playlist advanced, a segment is H264 + AAC
    JsonArray seen = r.getJsonArray("segmentsSeen");
    assertTrue(seen.size() >= 2, () -> "the HLS playlist did not advance: " + run.describe());
    assertEquals(
        "application/vnd.apple.mpegurl", r.getString("playlistContentType"), run::describe);
    assertEquals(200, r.getInteger("segmentStatus"), run::describe);
    JsonObject segment = ffprobe(Path.of(r.getString("segmentFile")));
    System.out.println("EgressIT: ffprobe of an HLS segment: " + segment.encode());
    List<String> codecs = new ArrayList<>();
    segment
        .getJsonArray("streams")
        .forEach(s -> codecs.add(((JsonObject) s).getString("codec_name")));
    assertTrue(codecs.contains("h264") && codecs.contains("aac"), () -> "segment codecs " + codecs);
    assertEquals("ENDED", r.getJsonObject("hlsEnded").getString("state"), run::describe);
    assertNotNull(
        r.getValue("watchPlaying"),
        () -> "Chromium on /watch.html did not play: " + run.describe());

    // ffmpeg killed under a job: FAILED, and the process is gone (reaped, no zombie)
    JsonObject crashed = r.getJsonObject("crashed");
    assertEquals("FAILED", crashed.getString("state"), run::describe);
    assertTrue(crashed.getString("error").contains("ffmpeg exited"), run::describe);
    assertEquals(false, r.getBoolean("crashedAlive"), run::describe);

    // RTMP push: both servers received H264 + AAC; the push reconnected after the first dropped
    assertEquals(200, r.getJsonObject("rtmpStart").getInteger("status"), run::describe);
    assertTrue(
        r.getLong("push1Bytes") >= 100_000 && r.getLong("push2Bytes") >= 100_000, run::describe);
    assertTrue(r.getJsonObject("rtmpRunning").getInteger("restarts") >= 1, run::describe);
    assertEquals("RUNNING", r.getJsonObject("rtmpRunning").getString("state"), run::describe);
    assertEquals(
        "ENDED",
        r.getJsonObject("rtmpStop").getJsonObject("body").getString("state"),
        run::describe);
    for (String push : new String[] {"push1", "push2"}) {
      JsonObject flv = ffprobe(Path.of(r.getString(push)));
      List<String> pushed = new ArrayList<>();
      flv.getJsonArray("streams")
          .forEach(s -> pushed.add(((JsonObject) s).getString("codec_name")));
      assertTrue(
          pushed.contains("h264") && pushed.contains("aac"), () -> push + " codecs " + pushed);
    }

    // SDK addPublishCdnUrl / removePublishCdnUrl
    assertEquals(0, r.getJsonObject("cdnAdd").getInteger("errorCode"), run::describe);
    assertTrue(r.getLong("push3Bytes") >= 100_000, run::describe);
    assertEquals(0, r.getJsonObject("cdnRemove").getInteger("errorCode"), run::describe);
    assertEquals(
        1003002, r.getJsonObject("cdnUnknownStream").getInteger("errorCode"), run::describe);
    List<String> cdnCodecs = new ArrayList<>();
    ffprobe(Path.of(r.getString("push3")))
        .getJsonArray("streams")
        .forEach(s -> cdnCodecs.add(((JsonObject) s).getString("codec_name")));
    assertTrue(
        cdnCodecs.contains("h264") && cdnCodecs.contains("aac"),
        () -> "CDN push codecs " + cdnCodecs);

    // SDK recording: a WebM Blob
    assertEquals("video/webm", r.getJsonObject("sdkRecording").getString("type"), run::describe);
    assertTrue(r.getJsonObject("sdkRecording").getLong("size") > 0, run::describe);

    // egress.autoRecordRooms: the room's stream was recorded without an admin call
    JsonObject auto = r.getJsonObject("autoRecorded");
    assertNotNull(auto, () -> "no auto-recording job: " + run.describe());
    assertEquals("ENDED", auto.getString("state"), run::describe);
    assertEquals(
        List.of("audio", "video"),
        kinds(ffprobe(Path.of(auto.getString("output")))),
        run::describe);

    JsonObject cpu = r.getJsonObject("cpu");
    System.out.printf(
        "EgressIT: ffmpeg CPU per job: record (copy) %.3f cores, hls (VP8 -> H264 640x480) %.3f cores%n",
        cpu.getJsonObject("record").getDouble("cpuPerSecond"),
        cpu.getJsonObject("hls").getDouble("cpuPerSecond"));
  }

  static JsonObject ffprobe(Path file) throws Exception {
    Process p =
        new ProcessBuilder(
                "ffprobe",
                "-v",
                "error",
                "-show_format",
                "-show_streams",
                "-of",
                "json",
                file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(
        p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0,
        () -> "ffprobe " + file + ": " + out);
    return new JsonObject(out);
  }

  static List<String> kinds(JsonObject probe) {
    List<String> kinds = new ArrayList<>();
    probe.getJsonArray("streams").forEach(s -> kinds.add(((JsonObject) s).getString("codec_type")));
    kinds.sort(null);
    return kinds;
  }
}
