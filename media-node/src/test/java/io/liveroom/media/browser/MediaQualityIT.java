package io.liveroom.media.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Simulcast with per-player layers and uplink NACK/RTX, with real headless Chromium in two network
 * namespaces this test makes: {@code A} holds the node, the publisher (or the players) and
 * {@code 10.99.1.1}; {@code B} ({@code 10.99.1.2}) sits behind a veth pair whose ends are shaped in both
 * directions. This machine's kernel has no {@code sch_netem} ("Specified qdisc kind is unknown"), so the
 * link is shaped with what it has: {@code tc tbf} for the rate and an nftables
 * {@code numgen random} rule for the random UDP loss; there is no added fixed delay (only the queueing
 * delay of the rate limit). Needs root, chromium, ip + tc (iproute2) and nft (nftables). Figures are
 * printed; asserted from getStats over the measuring window with generous margins (the machine is loaded).
 */
class MediaQualityIT {
  private static final String NODE = "10.99.1.1";

  @Test
  void aPlayerBehindABadLinkGetsTheLowLayerAndTheOthersKeepTheTop() throws Exception {
    JsonObject r = run("layers", 400, 5);
    JsonObject bad = r.getJsonObject("bad");
    JsonObject good1 = r.getJsonObject("good1");
    JsonObject good2 = r.getJsonObject("good2");
    assertEquals(320, bad.getInteger("frameWidth"), "bad link: the low layer " + r.encode());
    assertEquals(640, good1.getInteger("frameWidth"), "top layer " + r.encode());
    assertEquals(640, good2.getInteger("frameWidth"), "top layer " + r.encode());
    assertTrue(bad.getDouble("fps") >= 15, "bad link still plays smoothly: " + bad.encode());
    assertTrue(bad.getLong("audioPackets") > 500, "and hears the audio: " + bad.encode());
    assertTrue(good1.getDouble("fps") >= 15 && good2.getDouble("fps") >= 15, r.encode());
    // the publisher's sending rate is its own uplink's business: the bad player does not lower it
    long before = r.getLong("publisherBitrateBeforeBps");
    long after = r.getLong("publisherBitrateAfterBps");
    assertTrue(after >= 0.7 * before, "publisher " + before + " -> " + after + " bit/s");
    assertEquals(2_500_000, r.getLong("nodeEstimateBps"), "the node's REMB is only the ceiling");
  }

  @Test
  void uplinkLossFreezesLessWithNackAndRtx() throws Exception {
    JsonObject r = run("nack", 0, 5);
    JsonObject on = r.getJsonObject("on");
    JsonObject off = r.getJsonObject("off");
    assertTrue(r.getJsonObject("nodeOn").getLong("rtxRecovered") > 0, "RTX recovered uplink loss: " + r.encode());
    assertEquals(0, r.getJsonObject("nodeOff").getLong("nacksSent"));
    assertTrue(on.getLong("packetsLost") < off.getLong("packetsLost"), "the player sees less loss: " + r.encode());
    assertTrue(on.getDouble("totalFreezesDuration") < off.getDouble("totalFreezesDuration")
        || on.getLong("freezeCount") < off.getLong("freezeCount"), "fewer/shorter freezes with NACK/RTX: " + r.encode());
    assertTrue(on.getDouble("fps") > 0 && off.getDouble("fps") > 0, r.encode());
  }

  /**
   * Runs a scenario with the A-B link limited to {@code rateKbit} (0: unlimited) and losing
   * {@code lossPercent} % of UDP packets each way, and returns its RESULT.
   */
  private static JsonObject run(String scenario, int rateKbit, int lossPercent) throws Exception {
    assumeTrue(new File("/usr/bin/chromium").canExecute(), "Debian chromium is not installed");
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
    assumeTrue(new File("/usr/sbin/tc").canExecute() && new File("/usr/sbin/ip").canExecute(), "needs iproute2");
    assumeTrue(new File("/usr/sbin/nft").canExecute(), "needs nftables");
    String id = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    String a = "lrq-" + id + "-a";
    String b = "lrq-" + id + "-b";
    try {
      sh("ip netns add " + a, "ip netns add " + b,
          "ip -n " + a + " link set lo up", "ip -n " + b + " link set lo up",
          "ip -n " + a + " link add va type veth peer name vb netns " + b,
          "ip -n " + a + " addr add " + NODE + "/24 dev va", "ip -n " + b + " addr add 10.99.1.2/24 dev vb",
          "ip -n " + a + " link set va up", "ip -n " + b + " link set vb up");
      for (String[] end : new String[][] {{a, "va"}, {b, "vb"}}) {
        String exec = "ip netns exec " + end[0] + " ";
        if (rateKbit > 0) {
          sh(exec + "tc qdisc add dev " + end[1] + " root tbf rate " + rateKbit + "kbit burst 4kb latency 400ms");
        }
        // loss where packets arrive (a drop on output would hand the sender EPERM, which no real link does)
        String arriving = end[1].equals("va") ? "ip netns exec " + b + " " : "ip netns exec " + a + " ";
        String iface = end[1].equals("va") ? "vb" : "va";
        sh(arriving + "nft add table inet shape",
            arriving + "nft add chain inet shape in { type filter hook input priority 0 ; policy accept ; }",
            arriving + "nft add rule inet shape in iifname " + iface + " meta l4proto udp numgen random mod 100 < "
                + lossPercent + " counter drop");
      }
      String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      String java = System.getProperty("java.home") + "/bin/java";
      Process p = new ProcessBuilder(List.of("ip", "netns", "exec", a, java, "-cp", classpath,
          QualityHarness.class.getName(), scenario, NODE, b, "20"))
          .redirectErrorStream(true).start();
      StringBuilder output = new StringBuilder();
      Thread reader = new Thread(() -> {
        try {
          output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (java.io.IOException ignored) {
          // the process ended
        }
      });
      reader.start();
      boolean done = p.waitFor(6, TimeUnit.MINUTES);
      if (!done) {
        p.destroyForcibly();
      }
      reader.join(5_000);
      String result = output.toString().lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElse(null);
      assertTrue(done && result != null, "harness output: " + output);
      System.out.println(scenario + " " + result);
      return new JsonObject(result.substring("RESULT ".length()));
    } finally {
      for (String ns : List.of(a, b)) {
        killAll(ns);
        sh("ip netns delete " + ns);
      }
    }
  }

  private static void killAll(String ns) throws Exception {
    for (int i = 0; i < 50; i++) {
      Process p = new ProcessBuilder("ip", "netns", "pids", ns).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor();
      if (out.isEmpty()) {
        return;
      }
      for (String pid : out.split("\\s+")) {
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
      }
      Thread.sleep(100);
    }
  }

  private static void sh(String... commands) throws Exception {
    for (String c : commands) {
      Process p = new ProcessBuilder(new ArrayList<>(List.of(c.split(" ")))).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(15, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError(c + ": " + out);
      }
    }
  }
}
