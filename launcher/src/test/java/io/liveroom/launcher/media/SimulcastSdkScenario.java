package io.liveroom.launcher.media;

import static io.liveroom.launcher.harness.Scenarios.ms;

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
 * Runs inside the test's network namespace (see {@link SimulcastSdkIT}): alice publishes her fake
 * camera (640x480) through the SDK without a simulcast option in a room whose gateway says {@code
 * simulcastLayers: 2} (the app's own option is checked to win); bob plays it with {@code
 * videoLayer: 'high'}, carol with {@code 'low'}, and a bad {@code videoLayer} is refused. Returns
 * what each player decodes.
 */
public final class SimulcastSdkScenario implements BrowserScenario {
  private static final Duration POLL = Duration.ofMillis(250);

  @Override
  public JsonObject run(BrowserDriver driver) throws Exception {
    long t0 = System.nanoTime();
    RunningNode node = Scenarios.startNode(driver, Map.of("gateway.simulcastLayers", "2"));
    String origin = Scenarios.origin(node);
    Cdp browser = driver.chromium(Chromium.Options.defaults().secureOrigin(origin));
    Duration step = driver.budget(Duration.ofSeconds(20));
    JsonObject out = new JsonObject();
    Page alice = page(browser, "alice", origin, step);
    Page bob = page(browser, "bob", origin, step);
    Page carol = page(browser, "carol", origin, step);
    for (Page p : new Page[] {alice, bob, carol}) {
      p.evaluate("t.login('simulcast-room', '" + p.name() + "')", step);
    }
    out.put(
        "badLayer",
        bob.evaluate(
            "t.zg.startPlayingStream('x', {videoLayer: 'best'}).then(() => 'accepted',"
                + " e => e.name)",
            step));
    out.put(
        "badSimulcast",
        alice.evaluate("t.zg.startPublishingStream('y', new MediaStream(), {simulcast: 5})", step));
    out.put(
        "roomLayers", alice.evaluate("t.zg._rooms.get('simulcast-room').simulcastLayers", step));
    // the app's option wins over the room's: false = one layer, true = 2, 3 = 3; none = the room's
    out.put(
        "appWins",
        alice.evaluate(
            "import('/sdk/liveroom.js').then(m => [false, true, 3, undefined]"
                + ".map(o => m.default._layers(o, 2)).join(','))",
            step));
    out.put("publish", alice.evaluate("t.publish('alice-cam')", step));
    Duration media = driver.budget(Duration.ofSeconds(40));
    out.put(
        "publishing",
        alice.waitFor(
            "t.first('publisherStateUpdate', r => r.state === 'PUBLISHING')", media, POLL));
    for (Page p : new Page[] {bob, carol}) {
      p.waitFor(
          "t.first('roomStreamUpdate', (r, type, list) => type === 'ADD' && list.some(s => s.streamID === 'alice-cam'))",
          step,
          POLL);
    }
    out.put("bobPlay", bob.evaluate("t.play('alice-cam', {videoLayer: 'high'})", step));
    out.put("carolPlay", carol.evaluate("t.play('alice-cam', {videoLayer: 'low'})", step));
    // frameWidth settles on the chosen layer once its key frame came; wait for a steady picture
    out.put(
        "bob",
        bob.waitFor(
            "t.received('alice-cam').then(s => s.framesDecoded > 60 && s.frameWidth >= 600 ? s : null)",
            media,
            POLL));
    out.put(
        "carol",
        carol.waitFor(
            "t.received('alice-cam').then(s => s.framesDecoded > 60 && s.frameWidth > 0"
                + " && s.frameWidth <= 400 ? s : null)",
            media,
            POLL));
    Thread.sleep(3000);
    out.put("bobLater", bob.evaluateObject("t.received('alice-cam')", step));
    out.put("carolLater", carol.evaluateObject("t.received('alice-cam')", step));
    out.put(
        "layers",
        alice.evaluateObject(
            "t.zg._publishers.get('alice-cam').pc.getStats().then(st => {"
                + " const o = {}; st.forEach(r => { if (r.type === 'outbound-rtp' && r.kind === 'video') o[r.rid || '-'] ="
                + " r.frameWidth || 0; }); return o; })",
            step));
    return out.put("scenarioMs", ms(t0));
  }

  /** A page of {@code origin} with the SDK loaded and the call helpers ({@code t}) added. */
  static Page page(Cdp browser, String name, String origin, Duration step) throws Exception {
    Page p = browser.newPage(name, true);
    p.navigate(origin + "/health", step);
    p.evaluateObject("import('/sdk/liveroom.js').then(m => ({ok: typeof m.default}))", step);
    p.addScript("browser/sdk-call.js");
    return p;
  }
}
