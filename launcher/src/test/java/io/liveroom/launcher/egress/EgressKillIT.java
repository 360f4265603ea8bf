package io.liveroom.launcher.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.MediaSession;
import io.liveroom.launcher.harness.NodeProcess;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestCluster;
import io.liveroom.launcher.harness.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An egress node killed with SIGKILL mid-job, on a multi-process cluster from the jar (127.0.0.1,
 * real Redis): services, a media node, a gateway and an egress node. A stream is published with the
 * Java WebRTC client, a record job placed on the egress node; after the kill the job is reported
 * FAILED by GET /v1/egress within the egress lease, and the orphaned ffmpeg (its input's tap lapses
 * on the media node) exits by itself.
 */
class EgressKillIT {
  private static final long LEASE_MS = 3_000;
  private static final Path OUTPUT = tempDir();

  @RegisterExtension
  static final TestCluster CLUSTER =
      TestCluster.named("egress-kill")
          .common("--cluster-host", "127.0.0.1", "--set", "node.shutdownTimeoutMs=30000")
          .node(
              "services",
              "room,presence,chat",
              "--set",
              "room.placementCheckMs=500",
              "--set",
              "room.placementLeaseMs=3000")
          .node(
              "media-1",
              "media",
              "--set",
              "media.port=" + NodeProcess.freePort(),
              "--set",
              "media.bindAddress=127.0.0.1",
              "--set",
              "media.leaseMs=3000",
              "--set",
              "media.connectTimeoutMs=5000")
          .node("gw-1", "gateway", "--set", "egress.outputDir=" + OUTPUT)
          .node(
              "egress-1",
              "egress",
              "--set",
              "egress.outputDir=" + OUTPUT,
              "--set",
              "egress.leaseMs=" + LEASE_MS)
          .readyWithin(Duration.ofSeconds(120));

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("egress-kill-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void removeOutput() {
    try (var files = Files.walk(OUTPUT)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a leftover temp directory
    }
  }

  @Test
  void killedEgressNodeFailsItsJobsWithinTheLease() throws Exception {
    int gw = CLUSTER.node("gw-1").httpPort;
    TestClient alice = TestClient.connect(CLUSTER.vertx(), gw);
    assertTrue(alice.login("kill-room", "alice", false).getBoolean("ok"));
    TestClient bob = TestClient.connect(CLUSTER.vertx(), gw);
    assertTrue(bob.login("kill-room", "bob", false).getBoolean("ok"));
    try (MediaSession call = MediaSession.start(alice, bob, "kill-room", "kill-cam")) {
      JsonObject job = startRecording(gw);
      assertEquals("RUNNING", job.getString("state"), job::encode);
      assertEquals("egress-1", job.getString("egressNodeID"), job::encode);
      String jobId = job.getString("jobID");
      long ffmpegPid =
          ProcessHandle.allProcesses()
              .filter(
                  p ->
                      p.info()
                          .arguments()
                          .map(a -> String.join(" ", a).contains(jobId))
                          .orElse(false))
              .mapToLong(ProcessHandle::pid)
              .findFirst()
              .orElse(-1);
      assertTrue(ffmpegPid > 0, "the job's ffmpeg process");

      CLUSTER.node("egress-1").kill();
      long killed = System.nanoTime();
      JsonObject failed = null;
      while (System.nanoTime() - killed < Duration.ofSeconds(30).toNanos()) {
        JsonObject list = Admin.get(gw, "/v1/egress?streamID=kill-cam");
        JsonObject j = list.getJsonArray("jobs").getJsonObject(0);
        if ("FAILED".equals(j.getString("state"))) {
          failed = j;
          break;
        }
        Thread.sleep(200);
      }
      long ms = (System.nanoTime() - killed) / 1_000_000;
      JsonObject result = failed;
      assertTrue(result != null, "the job was not reported FAILED within 30 s of the kill");
      System.out.println(
          "EgressKillIT: job reported FAILED "
              + ms
              + " ms after kill -9 (lease "
              + LEASE_MS
              + " ms): "
              + result.encode());
      assertTrue(
          ms <= LEASE_MS + 1_500, () -> "FAILED after " + ms + " ms, lease " + LEASE_MS + " ms");
      assertTrue(result.getString("error").contains("egress-1"), result::encode);
      assertEquals(
          "FAILED", Admin.get(gw, "/v1/egress/" + jobId).getString("state"), "stored as FAILED");
      // the event log has the job's start and, once, its failure
      List<String> types = new ArrayList<>();
      JsonArray events =
          Admin.get(gw, "/v1/events?after=0&limit=1000&roomID=kill-room").getJsonArray("events");
      for (int i = 0; i < events.size(); i++) {
        JsonObject e = events.getJsonObject(i);
        if (jobId.equals(e.getString("jobID"))) {
          types.add(e.getString("type"));
        }
      }
      assertEquals(List.of("egress.started", "egress.failed"), types, events::encode);

      long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
      while (ProcessHandle.of(ffmpegPid).map(ProcessHandle::isAlive).orElse(false)
          && System.nanoTime() < deadline) {
        Thread.sleep(250);
      }
      boolean alive = ProcessHandle.of(ffmpegPid).map(ProcessHandle::isAlive).orElse(false);
      if (alive) {
        ProcessHandle.of(ffmpegPid).ifPresent(ProcessHandle::destroyForcibly);
      }
      assertTrue(
          !alive, "the orphaned ffmpeg " + ffmpegPid + " still runs 40 s after its node died");
      System.out.println(
          "EgressKillIT: orphaned ffmpeg exited "
              + (System.nanoTime() - killed) / 1_000_000
              + " ms after the kill");
    } finally {
      alice.close();
      bob.close();
    }
  }

  /** POST /v1/egress, retrying while the egress node is not yet announced (503). */
  private static JsonObject startRecording(int gw) throws Exception {
    String body = new JsonObject().put("kind", "record").put("streamID", "kill-cam").encode();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      var r = Admin.send(gw, "POST", "/v1/egress", body, TestTokens.admin());
      if (r.statusCode() == 200 || System.nanoTime() > deadline) {
        assertEquals(200, r.statusCode(), r::body);
        return new JsonObject(r.body());
      }
      Thread.sleep(500);
    }
  }
}
