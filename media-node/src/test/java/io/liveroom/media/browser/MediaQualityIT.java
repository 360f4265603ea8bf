package io.liveroom.media.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liveroom.infra.testing.browser.ShapedLink;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Simulcast with per-player layers and uplink NACK/RTX, with real headless Chromium in the two
 * network namespaces of a {@link ShapedLink}: {@code A} holds the node, the publisher (or the
 * players) and {@code 10.99.1.1}; {@code B} ({@code 10.99.1.2}) sits behind the veth pair shaped in
 * both directions ({@code tc tbf} rate, nftables random UDP loss: this kernel has no {@code
 * sch_netem}). Needs root, chromium, ip + tc (iproute2) and nft (nftables). Figures are printed;
 * asserted from getStats over the measuring window with generous margins (the machine is loaded).
 */
class MediaQualityIT {
  private static final String NODE = ShapedLink.HOST_A;

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
    assertTrue(
        r.getJsonObject("nodeOn").getLong("rtxRecovered") > 0,
        "RTX recovered uplink loss: " + r.encode());
    assertEquals(0, r.getJsonObject("nodeOff").getLong("nacksSent"));
    assertTrue(
        on.getLong("packetsLost") < off.getLong("packetsLost"),
        "the player sees less loss: " + r.encode());
    // Chrome counts a freeze against the recent frame interval: a player stalled at ~1 fps for the
    // whole window reports none, so a stall that deep (a third of the frames or fewer) counts too
    assertTrue(
        on.getDouble("totalFreezesDuration") < off.getDouble("totalFreezesDuration")
            || on.getLong("freezeCount") < off.getLong("freezeCount")
            || on.getDouble("fps") >= 3 * off.getDouble("fps"),
        "fewer/shorter freezes (or a far smaller stall) with NACK/RTX: " + r.encode());
    assertTrue(on.getDouble("fps") > 0, r.encode());
  }

  /**
   * Runs a scenario with the A-B link limited to {@code rateKbit} (0: unlimited) and losing {@code
   * lossPercent} % of UDP packets each way, and returns its RESULT.
   */
  private static JsonObject run(String scenario, int rateKbit, int lossPercent) throws Exception {
    assumeTrue(new File("/usr/bin/chromium").canExecute(), "Debian chromium is not installed");
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
    assumeTrue(
        new File("/usr/sbin/tc").canExecute() && new File("/usr/sbin/ip").canExecute(),
        "needs iproute2");
    assumeTrue(new File("/usr/sbin/nft").canExecute(), "needs nftables");
    try (ShapedLink link = ShapedLink.create(rateKbit, lossPercent)) {
      String classpath =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      String java = System.getProperty("java.home") + "/bin/java";
      Process p =
          new ProcessBuilder(
                  link.a()
                      .exec(
                          List.of(
                              java,
                              "-cp",
                              classpath,
                              QualityHarness.class.getName(),
                              scenario,
                              NODE,
                              link.b().name(),
                              "20")))
              .redirectErrorStream(true)
              .start();
      StringBuilder output = new StringBuilder();
      Thread reader =
          new Thread(
              () -> {
                try {
                  output.append(
                      new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
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
      String result =
          output.toString().lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElse(null);
      assertTrue(done && result != null, "harness output: " + output);
      System.out.println(scenario + " " + result);
      return new JsonObject(result.substring("RESULT ".length()));
    }
  }
}
