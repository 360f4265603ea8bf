package io.liveroom.launcher.media;

import static io.liveroom.launcher.harness.Scenarios.ms;
import static io.liveroom.launcher.harness.Scenarios.sfuPage;

import io.liveroom.infra.testing.browser.BrowserDriver;
import io.liveroom.infra.testing.browser.BrowserScenario;
import io.liveroom.infra.testing.browser.Cdp;
import io.liveroom.infra.testing.browser.Chromium;
import io.liveroom.infra.testing.browser.NetNs;
import io.liveroom.infra.testing.browser.Page;
import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.Scenarios;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs inside the test's network namespace (see {@link SfuBrowserCallIT}): a single-process node
 * with its media node on {@link NetNs#HOST_A}; alice publishes a detailed moving picture (a canvas,
 * see {@code detailedVideo} in {@code sfu.js}; the fake camera's flat picture never needs 1 Mbit/s)
 * plus the fake mic through the gateway protocol, bob plays it. Then, until the rate criterion
 * holds or the ramp budget ends, it samples alice's video over 2 s windows ({@code lr.sendSample}:
 * send rate from {@code bytesSent} deltas, the encoder's target, Chrome's bandwidth estimate {@code
 * availableOutgoingBitrate}, resolution, frame rate, qp, quality limitation, the selected candidate
 * pair) and, right after each window, the media node's view of the stream from the gateway's admin
 * API ({@code GET /v1/streams/{id}/stats}: received bitrate of all the stream's RTP, the REMB
 * estimate it sends). A window counts when the send rate, the node's received rate and Chrome's
 * estimate all exceed the threshold. Returns every sample, so a miss shows how far the ramp got.
 *
 * <p>Arguments (all optional): {@code publish} (options for {@code lr.publish}, default {@link
 * #PUBLISH}), {@code thresholdBps} (default 1 000 000), {@code consecutive} (windows in a row that
 * must count, default 2), {@code rampSeconds} (default 60), {@code config} (node settings to
 * override, e.g. {@code {"media.maxBitrateBps": 800000}} to see the publisher follow a lower REMB).
 */
public final class BitrateRampScenario implements BrowserScenario {
  static final String STREAM = "ramp-cam";

  /**
   * Detailed 640x480 at 30 fps; under CPU pressure drop frames, not resolution; the encoder may use
   * 2.5 Mbit/s.
   */
  static final JsonObject PUBLISH =
      new JsonObject()
          .put("video", "detailed")
          .put("width", 640)
          .put("height", 480)
          .put("fps", 30)
          .put("contentHint", "detail")
          .put("degradationPreference", "maintain-resolution")
          .put("maxBitrate", 2_500_000);

  private static final String FLOWING =
      "lr.stats('play:"
          + STREAM
          + "').then(s => s.video && s.video.framesDecoded > 0"
          + " && s.video.frameWidth > 0 && s.audio && s.audio.packetsReceived > 0 ? s : null)";
  private static final String NODE_STATS =
      "fetch('/v1/streams/"
          + STREAM
          + "/stats', {headers: {Authorization:"
          + " 'Bearer liveroom-dev-admin-secret'}}).then(r => r.json())";

  @Override
  public JsonObject run(BrowserDriver driver) throws Exception {
    JsonObject args = driver.args();
    long threshold = args.getLong("thresholdBps", 1_000_000L);
    int consecutive = args.getInteger("consecutive", 2);
    JsonObject publish = args.getJsonObject("publish", PUBLISH);
    long t0 = System.nanoTime();
    Map<String, String> config = new HashMap<>();
    args.getJsonObject("config", new JsonObject())
        .forEach(e -> config.put(e.getKey(), String.valueOf(e.getValue())));
    RunningNode node = Scenarios.startNode(driver, config);
    String origin = Scenarios.origin(node);
    Cdp browser = driver.chromium(Chromium.Options.defaults().secureOrigin(origin));
    Duration step = driver.budget(Duration.ofSeconds(20));
    Page alice = sfuPage(browser, "alice", origin, step);
    Page bob = sfuPage(browser, "bob", origin, step);

    JsonObject out =
        new JsonObject()
            .put("publishOptions", publish)
            .put("thresholdBps", threshold)
            .put("consecutive", consecutive);
    alice.evaluateObject("lr.login('ramp-room', 'alice')", step);
    out.put(
        "publish",
        alice.evaluateObject("lr.publish('" + STREAM + "', " + publish.encode() + ")", step));
    alice.waitFor(
        "lr.pushes('publisherStateUpdate').find(p => p.state === 'PUBLISHING') || null",
        driver.budget(Duration.ofSeconds(30)),
        Duration.ofMillis(200));
    long publishing = System.nanoTime();
    out.put("publishingMs", ms(t0));
    bob.evaluateObject("lr.login('ramp-room', 'bob')", step);
    bob.evaluateObject("lr.play('" + STREAM + "')", step);
    bob.waitFor(FLOWING, driver.budget(Duration.ofSeconds(40)), Duration.ofMillis(250));
    out.put("bobDecodingMs", ms(t0));

    // poll until `consecutive` windows in a row exceed the threshold on both sides, or the budget
    // ends
    JsonArray samples = new JsonArray();
    long rampEnd =
        System.nanoTime()
            + driver.budget(Duration.ofSeconds(args.getInteger("rampSeconds", 60))).toNanos();
    int inARow = 0;
    while (inARow < consecutive && System.nanoTime() < rampEnd) {
      JsonObject sample = alice.evaluateObject("lr.sendSample('" + STREAM + "', 2000)", step);
      JsonObject nodeStats = alice.evaluateObject(NODE_STATS, step);
      sample
          .put("sincePublishingMs", (System.nanoTime() - publishing) / 1_000_000)
          .put("nodeBitrateBps", nodeStats.getLong("bitrateBps", 0L))
          .put("nodeEstimateBps", nodeStats.getLong("estimateBps", 0L))
          .put("nodeFractionLost", nodeStats.getDouble("fractionLost", 0.0))
          .put("nodePlayerFractionLost", nodeStats.getDouble("playerFractionLost", 0.0));
      samples.add(sample);
      driver.note("ramp sample " + sample.encode());
      boolean above =
          sample.getLong("sendBps") > threshold
              && sample.getLong("nodeBitrateBps") > threshold
              && sample.getLong("availableOutgoingBitrate") > threshold;
      inARow = above ? inARow + 1 : 0;
      if (above && !out.containsKey("firstAboveMs")) {
        out.put("firstAboveMs", sample.getLong("sincePublishingMs"));
      }
    }
    out.put("reached", inARow >= consecutive).put("samples", samples);
    if (inARow >= consecutive) {
      out.put(
          "aboveSamples",
          new JsonArray(samples.getList().subList(samples.size() - consecutive, samples.size())));
    }
    out.put("bobStats", bob.evaluateObject("lr.stats('play:" + STREAM + "')", step));
    out.put("streamStats", alice.evaluateObject(NODE_STATS, step));
    bob.screenshot(driver.artifacts().resolve("ramp-bob-playing.png"));
    alice.evaluate("lr.stopPublishing('" + STREAM + "')", step);
    return out.put("scenarioMs", ms(t0));
  }
}
