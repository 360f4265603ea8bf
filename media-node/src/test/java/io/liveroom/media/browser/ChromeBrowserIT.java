package io.liveroom.media.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liveroom.infra.testing.browser.BrowserScenarioRunner;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Real headless Chromium (Debian package) publishes its fake camera + mic to the engine and a
 * second Chromium joins 5 s later and plays ({@link PublishPlayScenario}). Everything runs inside a
 * network namespace the shared harness makes ({@link BrowserScenarioRunner}, veth
 * 10.99.0.1/10.99.0.2): no traffic on the machine's own interfaces. Skipped where chromium or root
 * are missing.
 */
class ChromeBrowserIT {
  @Test
  void chromiumPublishesAndALatePlayerDecodes() {
    assumeTrue(new File("/usr/bin/chromium").canExecute(), "Debian chromium is not installed");
    assumeTrue("root".equals(System.getProperty("user.name")), "needs a network namespace (root)");
    var run =
        BrowserScenarioRunner.run(
            PublishPlayScenario.class,
            new JsonObject().put("seconds", 20).put("lateJoinMs", 5000),
            Duration.ofMinutes(2));
    JsonObject result = run.value();
    String described = run.describe();
    System.out.println(described);
    JsonObject player = result.getJsonObject("player");
    assertTrue(
        player.getLong("framesDecoded", 0L) > 0 && player.getLong("audioPacketsReceived", 0L) > 0,
        "player decoded video and received audio: " + described);
    assertTrue(player.getLong("framesDecoded", -1L) > 0, described);
    assertTrue(player.getLong("audioPacketsReceived", -1L) > 0, described);
    assertTrue(result.getLong("keyframeRequests", -1L) >= 1, "PLI on subscribe: " + described);
    // REMB lets the publisher's encoder target far beyond the ~300 kbit/s it starts with
    assertTrue(
        result.getJsonObject("publisher").getLong("targetBitrate", -1L) > 1_000_000,
        "publisher target bitrate: " + described);
  }
}
