package io.liveroom.launcher.egress;

import static io.liveroom.launcher.harness.Scenarios.ms;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.testing.Ports;
import io.liveroom.infra.testing.browser.BrowserDriver;
import io.liveroom.infra.testing.browser.BrowserScenario;
import io.liveroom.infra.testing.browser.Cdp;
import io.liveroom.infra.testing.browser.Chromium;
import io.liveroom.infra.testing.browser.NetNs;
import io.liveroom.infra.testing.browser.Page;
import io.liveroom.launcher.Launcher;
import io.liveroom.launcher.RunningNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs inside the test's network namespace (see {@link EgressIT}): a single-process node (every
 * role, egress included) on {@link NetNs#HOST_A}; Chromium publishes its fake camera + mic with the
 * SDK; the admin API starts a record job and an HLS job on the stream. While they run: the HLS
 * playlist advances, a segment is fetched, and ffmpeg's CPU is sampled from /proc. Then the
 * publisher stops and both jobs must end on their own (file finalized, manifest written). Returns
 * what it saw; the test runs ffprobe on the outputs.
 */
public final class EgressScenario implements BrowserScenario {
  static final String ADMIN = "Bearer liveroom-dev-admin-secret";
  private static final Duration POLL = Duration.ofMillis(200);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Override
  public JsonObject run(BrowserDriver driver) throws Exception {
    long t0 = System.nanoTime();
    Path output = driver.artifacts().resolve("egress");
    RunningNode node = egressNode(driver, output, "egress.autoRecordRooms", "egress-room");
    String origin = "http://" + NetNs.HOST_A + ":" + node.httpPort();
    JsonObject out = new JsonObject().put("outputDir", output.toString());
    out.put(
        "unknownStream",
        call(
            origin,
            "POST",
            "/v1/egress",
            new JsonObject().put("kind", "record").put("streamID", "nobody-cam").encode()));
    out.put(
        "badKind",
        call(
            origin,
            "POST",
            "/v1/egress",
            new JsonObject().put("kind", "mp3").put("streamID", "alice-cam").encode()));

    Cdp browser = driver.chromium(Chromium.Options.defaults().secureOrigin(origin));
    Duration step = driver.budget(Duration.ofSeconds(20));
    Page alice = browser.newPage("alice", true);
    alice.navigate(origin + "/health", step);
    alice.evaluate(
        "import('/sdk/liveroom.js').then(m => { globalThis.LiveRoomEngine = m.default; return true; })",
        step);
    alice.addScript("browser/sdk-call.js");
    out.put("aliceLogin", alice.evaluate("t.login('egress-room', 'alice')", step));
    out.put("alicePublish", alice.evaluate("t.publish('alice-cam')", step));
    out.put(
        "publishing",
        alice.waitFor(
            "t.first('publisherStateUpdate', r => r.state === 'PUBLISHING')",
            driver.budget(Duration.ofSeconds(30)),
            POLL));

    JsonObject record =
        call(
            origin,
            "POST",
            "/v1/egress",
            new JsonObject().put("kind", "record").put("streamID", "alice-cam").encode());
    out.put("recordStart", record);
    long recordStarted = System.nanoTime();
    JsonObject hls =
        call(
            origin,
            "POST",
            "/v1/egress",
            new JsonObject().put("kind", "hls").put("streamID", "alice-cam").encode());
    out.put("hlsStart", hls);
    String recordId = record.getJsonObject("body").getString("jobID");
    String hlsId = hls.getJsonObject("body").getString("jobID");

    // ffmpeg's CPU per job over a 6 s window, 3 s in
    Thread.sleep(3_000);
    out.put("cpu", cpu(Map.of("record", recordId, "hls", hlsId), 6_000));

    // the HLS playlist advances and a segment reads
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + driver.budget(Duration.ofSeconds(30)).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> p = get(origin + "/hls/alice-cam/index.m3u8");
      if (p.statusCode() == 200) {
        String last =
            p.body().lines().filter(l -> l.endsWith(".ts")).reduce((a, b) -> b).orElse(null);
        if (last != null && !seen.contains(last)) {
          seen.add(last);
          if (seen.size() == 1) {
            out.put("playlist", p.body())
                .put("playlistContentType", p.headers().firstValue("Content-Type").orElse(""));
          }
        }
        if (seen.size() >= 3) {
          break;
        }
      }
      Thread.sleep(500);
    }
    out.put("segmentsSeen", new JsonArray(seen));
    if (!seen.isEmpty()) {
      HttpResponse<byte[]> seg =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(origin + "/hls/alice-cam/" + seen.get(seen.size() - 1)))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      Path segment = driver.artifacts().resolve("segment.ts");
      Files.write(segment, seg.body());
      out.put("segmentStatus", seg.statusCode()).put("segmentFile", segment.toString());
    }
    // a player on the watch page (native HLS or the vendored hls.js)
    Page watcher = browser.newPage("watcher", true);
    watcher.navigate(origin + "/watch.html?streamID=alice-cam", step);
    out.put(
        "watchPlaying",
        watcher.waitFor(
            "(() => { const v = document.querySelector('video');"
                + " return v && v.currentTime > 2 ? {currentTime: v.currentTime, width: v.videoWidth, height: v.videoHeight,"
                + " engine: document.body.dataset.engine} : null; })()",
            // the transcode runs at about real time only on an unloaded machine
            driver.budget(Duration.ofSeconds(60)),
            POLL));

    // client-side recording with the SDK (MediaRecorder)
    out.put("sdkRecordingType", alice.evaluate("t.zg.startRecording('alice-cam')", step));
    Thread.sleep(2_500);
    out.put(
        "sdkRecording",
        alice.evaluateObject(
            "t.zg.stopRecording().then(b => ({type: b.type, size: b.size}))", step));

    // ffmpeg dies under a job: the job fails, the process is reaped
    JsonObject doomed =
        call(
                origin,
                "POST",
                "/v1/egress",
                new JsonObject().put("kind", "record").put("streamID", "alice-cam").encode())
            .getJsonObject("body");
    String doomedId = doomed.getString("jobID");
    long doomedPid = pidOf(doomedId);
    out.put("crashPid", doomedPid);
    ProcessHandle.of(doomedPid).ifPresent(ProcessHandle::destroyForcibly);
    out.put("crashed", waitState(origin, doomedId, driver.budget(Duration.ofSeconds(20))));
    out.put(
        "crashedAlive",
        ProcessHandle.of(doomedPid).map(ProcessHandle::isAlive).orElse(false)
            || Files.exists(Path.of("/proc/" + doomedPid)));

    // RTMP push to a local RTMP server (ffmpeg -listen 1), which drops once: the push reconnects.
    // The push transcodes VP8 to H264: on a loaded 2-core machine its first 100 KB took over 25 s
    int rtmpPort = Ports.free(InetAddress.getByName(NetNs.HOST_A));
    String rtmpUrl = "rtmp://" + NetNs.HOST_A + ":" + rtmpPort + "/live/alice";
    Path push1 = driver.artifacts().resolve("push1.flv");
    Path push2 = driver.artifacts().resolve("push2.flv");
    Process server1 =
        driver.closeLater(new Closer(rtmpServer(rtmpUrl, push1, driver.artifacts()))).process;
    Thread.sleep(500);
    JsonObject rtmp =
        call(
            origin,
            "POST",
            "/v1/egress",
            new JsonObject()
                .put("kind", "rtmp")
                .put("streamID", "alice-cam")
                .put("url", rtmpUrl)
                .encode());
    out.put("rtmpStart", rtmp);
    String rtmpId = rtmp.getJsonObject("body").getString("jobID");
    out.put("push1Bytes", waitSize(push1, 100_000, driver.budget(Duration.ofSeconds(60))));
    server1.destroy();
    server1.waitFor(10, TimeUnit.SECONDS);
    driver.closeLater(new Closer(rtmpServer(rtmpUrl, push2, driver.artifacts())));
    out.put("push2Bytes", waitSize(push2, 100_000, driver.budget(Duration.ofSeconds(60))));
    out.put("rtmpRunning", call(origin, "GET", "/v1/egress/" + rtmpId, null).getJsonObject("body"));
    out.put("rtmpStop", call(origin, "DELETE", "/v1/egress/" + rtmpId, null));
    out.put("push1", push1.toString()).put("push2", push2.toString());

    // the SDK's addPublishCdnUrl / removePublishCdnUrl (room token, no admin secret)
    String cdnUrl = "rtmp://" + NetNs.HOST_A + ":" + rtmpPort + "/live/cdn";
    Path push3 = driver.artifacts().resolve("push3.flv");
    driver.closeLater(new Closer(rtmpServer(cdnUrl, push3, driver.artifacts())));
    Thread.sleep(500);
    out.put(
        "cdnAdd",
        alice.evaluateObject("t.zg.addPublishCdnUrl('alice-cam', '" + cdnUrl + "')", step));
    out.put("push3Bytes", waitSize(push3, 100_000, driver.budget(Duration.ofSeconds(60))));
    out.put(
        "cdnRemove",
        alice.evaluateObject(
            "t.zg.removePublishCdnUrl('alice-cam', '" + cdnUrl + "')",
            driver.budget(Duration.ofSeconds(30))));
    out.put(
        "cdnUnknownStream",
        alice.evaluateObject("t.zg.addPublishCdnUrl('nobody-cam', '" + cdnUrl + "')", step));
    out.put("push3", push3.toString());

    // at least 11 s of recording, then the publisher stops: both jobs end by themselves
    long left = 11_000 - ms(recordStarted);
    if (left > 0) {
      Thread.sleep(left);
    }
    out.put("listWhileRunning", call(origin, "GET", "/v1/egress", null));
    out.put("aliceStop", alice.evaluate("t.zg.stopPublishingStream('alice-cam'), true", step));
    long stopped = System.nanoTime();
    out.put("recordEnded", waitState(origin, recordId, driver.budget(Duration.ofSeconds(30))));
    out.put("recordEndedMs", ms(stopped));
    out.put("hlsEnded", waitState(origin, hlsId, driver.budget(Duration.ofSeconds(30))));
    out.put("unknownJob", call(origin, "DELETE", "/v1/egress/eg-nosuchjob", null));
    JsonObject all =
        call(origin, "GET", "/v1/egress?streamID=alice-cam", null).getJsonObject("body");
    for (Object o : all.getJsonArray("jobs")) {
      JsonObject j = (JsonObject) o;
      if (j.getString("jobID").startsWith("auto-")) {
        out.put(
            "autoRecorded",
            waitState(origin, j.getString("jobID"), driver.budget(Duration.ofSeconds(20))));
      }
    }
    JsonObject ended = out.getJsonObject("recordEnded");
    if (ended != null && ended.getString("manifest") != null) {
      out.put("manifest", new JsonObject(Files.readString(Path.of(ended.getString("manifest")))));
    }
    return out.put("scenarioMs", ms(t0));
  }

  /** A process ended when the scenario ends (SIGTERM, then SIGKILL). */
  record Closer(Process process) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * A one-connection RTMP server: ffmpeg listening on the URL, copying what it receives into {@code
   * file}.
   */
  static Process rtmpServer(String url, Path file, Path logDir) throws Exception {
    return new ProcessBuilder(
            "ffmpeg",
            "-hide_banner",
            "-nostdin",
            "-loglevel",
            "warning",
            "-listen",
            "1",
            "-i",
            url,
            "-c",
            "copy",
            "-f",
            "flv",
            "-y",
            file.toString())
        .redirectErrorStream(true)
        .redirectOutput(
            ProcessBuilder.Redirect.appendTo(logDir.resolve("rtmp-server.log").toFile()))
        .start();
  }

  static long waitSize(Path file, long atLeast, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long size = 0;
    while (System.nanoTime() < deadline) {
      size = Files.exists(file) ? Files.size(file) : 0;
      if (size >= atLeast) {
        break;
      }
      Thread.sleep(250);
    }
    return size;
  }

  static long pidOf(String jobId) {
    return ProcessHandle.current()
        .descendants()
        .filter(
            p -> p.info().arguments().map(a -> String.join(" ", a).contains(jobId)).orElse(false))
        .mapToLong(ProcessHandle::pid)
        .findFirst()
        .orElse(-1);
  }

  /** The job once it is no longer RUNNING, or null. */
  static JsonObject waitState(String origin, String jobId, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject r = call(origin, "GET", "/v1/egress/" + jobId, null);
      JsonObject job = r.getJsonObject("body");
      if (r.getInteger("status") == 200
          && !"RUNNING".equals(job.getString("state"))
          && !"STARTING".equals(job.getString("state"))) {
        return job;
      }
      Thread.sleep(250);
    }
    return null;
  }

  /**
   * CPU seconds per wall second of each job's ffmpeg (children of this JVM), from /proc/pid/stat.
   */
  static JsonObject cpu(Map<String, String> jobs, long windowMs) throws Exception {
    Map<String, Long> pids = new java.util.HashMap<>();
    ProcessHandle.current()
        .descendants()
        .forEach(
            p ->
                p.info()
                    .arguments()
                    .ifPresent(
                        args -> {
                          String line = String.join(" ", args);
                          jobs.forEach(
                              (name, id) -> {
                                if (line.contains(id)) {
                                  pids.put(name, p.pid());
                                }
                              });
                        }));
    Map<String, Long> before = new java.util.HashMap<>();
    pids.forEach((name, pid) -> before.put(name, ticks(pid)));
    long t = System.nanoTime();
    Thread.sleep(windowMs);
    double wall = (System.nanoTime() - t) / 1e9;
    JsonObject out = new JsonObject();
    pids.forEach(
        (name, pid) ->
            out.put(
                name,
                new JsonObject()
                    .put("pid", pid)
                    .put("cpuPerSecond", (ticks(pid) - before.get(name)) / 100.0 / wall)));
    return out;
  }

  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime (fields 14, 15)
    } catch (Exception e) {
      return 0;
    }
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** An admin call: {status, body}. */
  static JsonObject call(String origin, String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(origin + path))
            .timeout(Duration.ofSeconds(40))
            .header("Authorization", ADMIN)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r =
        HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new JsonObject()
        .put("status", r.statusCode())
        .put("body", r.body().isEmpty() ? null : new JsonObject(r.body()));
  }

  /**
   * One all-roles node on the namespace's host A with egress writing under {@code output} and one
   * more option; stopped when the driver closes.
   */
  static RunningNode egressNode(BrowserDriver driver, Path output, String key, String value)
      throws Exception {
    RunningNode node =
        Launcher.start(
                Config.of(
                    Map.of(
                        "node.httpHost",
                        NetNs.HOST_A,
                        "node.httpPort",
                        "0",
                        "media.bindAddress",
                        NetNs.HOST_A,
                        "media.advertisedAddresses",
                        NetNs.HOST_A,
                        "media.port",
                        "0",
                        "egress.outputDir",
                        output.toString(),
                        key,
                        value)))
            .await(30, TimeUnit.SECONDS);
    driver.closeLater(() -> node.stop().await(30, TimeUnit.SECONDS));
    return node;
  }
}
