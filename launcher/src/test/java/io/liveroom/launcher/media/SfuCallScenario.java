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
import java.util.Map;

/**
 * Runs inside the test's network namespace (see {@link SfuBrowserCallIT}): a single-process node
 * with its media node on {@link NetNs#HOST_A}; alice publishes the fake camera and mic through the
 * gateway protocol, bob plays it, carol joins 5 s later and plays too, then alice stops. Returns
 * what each page saw: pushes, login replies and getStats() summaries.
 */
public final class SfuCallScenario implements BrowserScenario {
  private static final String FLOWING =
      "lr.stats('play:alice-cam').then(s => s.video && s.video.framesDecoded > 0"
          + " && s.video.frameWidth > 0 && s.audio && s.audio.packetsReceived > 0 ? s : null)";
  private static final String STREAM_STATS =
      "fetch('/v1/streams/alice-cam/stats', {headers: {Authorization:"
          + " 'Bearer liveroom-dev-admin-secret'}}).then(r => r.json())";

  @Override
  public JsonObject run(BrowserDriver driver) throws Exception {
    long t0 = System.nanoTime();
    RunningNode node = Scenarios.startNode(driver, Map.of());
    String origin = Scenarios.origin(node);
    Cdp browser = driver.chromium(Chromium.Options.defaults().secureOrigin(origin));
    Duration step = driver.budget(Duration.ofSeconds(20));
    Page alice = sfuPage(browser, "alice", origin, step);
    Page bob = sfuPage(browser, "bob", origin, step);

    JsonObject out = new JsonObject();
    alice.evaluateObject("lr.login('sfu-room', 'alice')", step);
    out.put("publish", alice.evaluateObject("lr.publish('alice-cam')", step));
    out.put(
        "publishing",
        alice.waitFor(
            "lr.pushes('publisherStateUpdate').find(p => p.state === 'PUBLISHING') || null",
            driver.budget(Duration.ofSeconds(30)),
            Duration.ofMillis(200)));
    out.put("publishingMs", ms(t0));
    out.put("bobLogin", bob.evaluateObject("lr.login('sfu-room', 'bob')", step));
    out.put("bobPlay", bob.evaluateObject("lr.play('alice-cam')", step));
    out.put("bobStats", flowing(bob, alice, driver.budget(Duration.ofSeconds(40))));
    out.put(
        "bobPlaying",
        bob.evaluate(
            "lr.pushes('playerStateUpdate').find(p => p.state === 'PLAYING') || null", step));
    out.put("bobDecodingMs", ms(t0));

    Thread.sleep(5000); // carol joins 5 s late: she needs a fresh keyframe to decode
    Page carol = sfuPage(browser, "carol", origin, step);
    out.put("carolLogin", carol.evaluateObject("lr.login('sfu-room', 'carol')", step));
    carol.evaluateObject("lr.play('alice-cam')", step);
    out.put("carolStats", flowing(carol, alice, driver.budget(Duration.ofSeconds(40))));
    out.put("carolDecodingMs", ms(t0));
    out.put("aliceStats", rampedStats(alice, driver.budget(Duration.ofSeconds(20))));
    out.put("aliceSendBps", alice.evaluate("lr.sendRate('alice-cam', 3000)", step));
    bob.screenshot(driver.artifacts().resolve("sfu-bob-playing.png"));
    out.put("streamStats", alice.evaluateObject(STREAM_STATS, step));

    alice.evaluate("lr.stopPublishing('alice-cam')", step);
    out.put(
        "bobStreamDeleted",
        bob.waitFor(
            "lr.pushes('roomStreamUpdate').find(p => p.updateType === 'DELETE') || null",
            driver.budget(Duration.ofSeconds(15)),
            Duration.ofMillis(200)));
    out.put(
        "bobNoPlay",
        bob.waitFor(
            "lr.pushes('playerStateUpdate').find(p => p.state === 'NO_PLAY') || null",
            driver.budget(Duration.ofSeconds(15)),
            Duration.ofMillis(200)));
    out.put(
        "bobStreamAdds",
        new JsonArray(
            bob.evaluate(
                        "lr.pushes('roomStreamUpdate').filter(p => p.updateType === 'ADD')"
                            + ".map(p => p.streamList[0].streamID)",
                        step)
                    instanceof JsonArray a
                ? a.getList()
                : java.util.List.of()));
    return out.put("scenarioMs", ms(t0));
  }

  /**
   * Waits until the player decodes; if it never does, fails with what the player and the node saw
   * last.
   */
  private static Object flowing(Page player, Page admin, Duration timeout) {
    try {
      return player.waitFor(FLOWING, timeout, Duration.ofMillis(250));
    } catch (AssertionError e) {
      Duration step = Duration.ofSeconds(10);
      throw new AssertionError(
          e.getMessage()
              + "; last player stats "
              + player.evaluate("lr.stats('play:alice-cam')", step)
              + ", node stream stats "
              + admin.evaluate(STREAM_STATS, step),
          e);
    }
  }

  /**
   * The publisher's stats once its encoder target is above 1 Mbit/s (the node's transport-cc
   * feedback lets it ramp up from its 300 kbit/s start; on a loaded machine that takes longer), or
   * the last stats when the budget runs out, for the test's assertion to report.
   */
  private static Object rampedStats(Page publisher, Duration budget) {
    try {
      return publisher.waitFor(
          "lr.stats('alice-cam').then(s => s.sent && s.sent.targetBitrate > 1000000 ? s : null)",
          budget,
          Duration.ofMillis(500));
    } catch (AssertionError stillLow) {
      return publisher.evaluateObject("lr.stats('alice-cam')", Duration.ofSeconds(10));
    }
  }
}
