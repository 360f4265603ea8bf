package io.liveroom.media.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SFU benchmark's Janus peer end to end, so it cannot rot unseen: the real Janus (Debian's
 * {@code janus}) with the config {@code bench/janus-peer.sh} writes, in a network namespace this
 * test makes with that script's {@code netns_up} (its own names and addresses, so a benchmark
 * running at the same time is not disturbed), and the load tool ({@link SfuBench} {@code --target
 * janus}, in its own JVM as the benchmark runs it) with one synthetic publisher and one light
 * player through {@link JanusVideoRoom}. The player must decrypt the publisher's packets. Needs
 * root (namespaces) and {@code /usr/bin/janus}; skipped otherwise.
 */
class JanusPeerIT {
  private static final String JANUS = "/usr/bin/janus";
  private static final Path SCRIPT = Path.of("..", "bench", "janus-peer.sh").toAbsolutePath();
  private static final long PID = ProcessHandle.current().pid();
  private static final String NS = "lrit-janus-" + PID;
  private static final String VETH = "lrjit" + PID;
  private static final String ADDR = "10.213.7.1";
  private static final String PEER_ADDR = "10.213.7.2";

  private final List<Process> processes = new ArrayList<>();
  private Path dir;
  private boolean netns;

  @BeforeEach
  void needsRootAndJanus() throws Exception {
    assumeTrue(new File(JANUS).canExecute(), "no " + JANUS + " (apt-get install janus)");
    assumeTrue("0".equals(run(List.of("id", "-u")).trim()), "network namespaces need root");
    assumeTrue(Files.isReadable(SCRIPT), "no " + SCRIPT);
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (netns) {
      run(List.of("ip", "link", "del", VETH));
      run(List.of("ip", "netns", "del", NS));
    }
    if (dir != null) {
      run(List.of("rm", "-rf", dir.toString()));
    }
  }

  @Test
  void aLightPlayerDecryptsThePublisherThroughJanus() throws Exception {
    dir = Files.createTempDirectory("janus-it");
    // the benchmark script's namespace and config, with this test's names
    netns = true;
    String setup =
        run(
            List.of(
                "bash",
                "-c",
                "set -e; source \"$1\"; netns_up; janus_config \"$2\"; echo ok",
                "_",
                SCRIPT.toString(),
                dir.resolve("config").toString()));
    assertTrue(setup.contains("ok"), "namespace and config: " + setup);

    Process janus =
        start(
            List.of(
                "ip",
                "netns",
                "exec",
                NS,
                JANUS,
                "-C",
                dir.resolve("config/janus.jcfg").toString(),
                "-F",
                dir.resolve("config").toString()),
            dir.resolve("janus.log"));
    String base = "http://" + ADDR + ":8088/janus";
    awaitHttp(base + "/info", janus);

    Path out = dir.resolve("s3.properties");
    Process tool =
        start(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dsfubench.bind=" + PEER_ADDR,
                "-cp",
                System.getProperty("java.class.path"),
                SfuBench.class.getName(),
                "--scenario",
                "s3",
                "--target",
                "janus",
                "--base",
                base,
                "--pid",
                Long.toString(janus.pid()),
                "--players",
                "1",
                "--seconds",
                "3",
                "--out",
                out.toString()),
            dir.resolve("tool.log"));
    boolean done = tool.waitFor(60, TimeUnit.SECONDS);
    String log = Files.readString(dir.resolve("tool.log"));
    assertTrue(done, "the load tool did not finish within 60 s:\n" + tail(log));
    assertEquals(0, tool.exitValue(), "the load tool failed:\n" + tail(log));

    Properties result = new Properties();
    try (InputStream in = Files.newInputStream(out)) {
      result.load(in);
    }
    assertEquals(
        "1", result.getProperty("s3.k1.players_receiving"), "players receiving: " + result);
    double perSecond = Double.parseDouble(result.getProperty("s3.k1.received_per_s", "0"));
    // ~30 video frames of 4 packets plus 50 audio packets a second, decrypted by the player
    assertTrue(perSecond > 50, "the player decrypted " + perSecond + " packets/s: " + result);
    double loss = Double.parseDouble(result.getProperty("s3.k1.loss_pct", "100"));
    assertTrue(loss < 20, "loss " + loss + " %: " + result);
  }

  private Process start(List<String> command, Path log) throws IOException {
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(p);
    return p;
  }

  private static void awaitHttp(String url, Process janus) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      assertTrue(janus.isAlive(), "janus exited with " + (janus.isAlive() ? 0 : janus.exitValue()));
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("janus did not answer at " + url);
  }

  /** Runs a command to its end (30 s at most) with this test's namespace settings; its output. */
  private static String run(List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("JANUS_NS", NS);
    pb.environment().put("JANUS_VETH", VETH);
    pb.environment().put("JANUS_ADDR", ADDR);
    pb.environment().put("JANUS_PEER_ADDR", PEER_ADDR);
    pb.environment().put("JANUS_PORT", "8088");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private static String tail(String log) {
    return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
  }
}
