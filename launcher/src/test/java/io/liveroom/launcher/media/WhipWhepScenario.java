package io.liveroom.launcher.media;

import static io.liveroom.launcher.harness.Scenarios.sfuPage;

import io.liveroom.infra.testing.browser.BrowserDriver;
import io.liveroom.infra.testing.browser.BrowserScenario;
import io.liveroom.infra.testing.browser.Cdp;
import io.liveroom.infra.testing.browser.Chromium;
import io.liveroom.infra.testing.browser.Page;
import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.Scenarios;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;

/**
 * Runs inside the test's network namespace (see {@link SfuBrowserCallIT}): one Chromium page
 * publishes with WHIP, a WebSocket member of the room sees the stream appear, another page plays it
 * with WHEP, then both DELETE their sessions.
 */
public final class WhipWhepScenario implements BrowserScenario {
  @Override
  public JsonObject run(BrowserDriver driver) throws Exception {
    long t0 = System.nanoTime();
    RunningNode node = Scenarios.startNode(driver, Map.of());
    String origin = Scenarios.origin(node);
    Cdp browser = driver.chromium(Chromium.Options.defaults().secureOrigin(origin));
    Duration step = driver.budget(Duration.ofSeconds(20));
    Page obs = sfuPage(browser, "whip-publisher", origin, step);
    Page member = sfuPage(browser, "member", origin, step);
    Page viewer = sfuPage(browser, "whep-viewer", origin, step);

    JsonObject out = new JsonObject();
    out.put("noToken", obs.evaluateObject("lr.whipWithoutToken('obs-cam')", step));
    member.evaluateObject("lr.login('whip-room', 'watcher')", step);
    out.put("whip", obs.evaluateObject("lr.whipPublish('obs-cam', 'whip-room', 'obs')", step));
    out.put(
        "memberSawStream",
        member.waitFor(
            "lr.pushes('roomStreamUpdate').find(p => p.updateType === 'ADD') || null",
            driver.budget(Duration.ofSeconds(30)),
            Duration.ofMillis(200)));
    out.put("whep", viewer.evaluateObject("lr.whepPlay('obs-cam', 'whip-room', 'viewer')", step));
    out.put(
        "viewerStats",
        viewer.waitFor(
            "lr.stats('play:obs-cam').then(s => s.video && s.video.framesDecoded > 0 && s.video.frameWidth > 0"
                + " && s.audio && s.audio.packetsReceived > 0 ? s : null)",
            driver.budget(Duration.ofSeconds(40)),
            Duration.ofMillis(250)));
    viewer.screenshot(driver.artifacts().resolve("whep-viewer.png"));
    String whep = out.getJsonObject("whep").getString("location");
    String whip = out.getJsonObject("whip").getString("location");
    out.put("whepDelete", viewer.evaluate("lr.httpDelete('" + whep + "')", step));
    out.put("whepDeleteAgain", viewer.evaluate("lr.httpDelete('" + whep + "')", step));
    out.put("whipDelete", obs.evaluate("lr.httpDelete('" + whip + "')", step));
    out.put(
        "memberSawDelete",
        member.waitFor(
            "lr.pushes('roomStreamUpdate').find(p => p.updateType === 'DELETE')" + " || null",
            driver.budget(Duration.ofSeconds(15)),
            Duration.ofMillis(200)));
    return out.put("scenarioMs", (System.nanoTime() - t0) / 1_000_000);
  }
}
