package io.liveroom.launcher.media;

import static io.liveroom.launcher.harness.Scenarios.ms;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.testing.browser.BrowserDriver;
import io.liveroom.infra.testing.browser.BrowserScenario;
import io.liveroom.infra.testing.browser.Cdp;
import io.liveroom.infra.testing.browser.Chromium;
import io.liveroom.infra.testing.browser.NetNs;
import io.liveroom.infra.testing.browser.Page;
import io.liveroom.launcher.Launcher;
import io.liveroom.launcher.RunningNode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs inside the test's network namespace (see {@link P2pBrowserCallIT}): a liveroom node in this
 * JVM on {@link NetNs#HOST_A}, one headless Chromium, two pages in separate browser contexts that
 * log into one p2p room and call each other with the fake camera and mic, every offer, answer and
 * candidate relayed by the gateway ({@code sendSignal} -> {@code p2pSignal}). Returns both pages'
 * {@code getStats()} summaries once both decode video and receive audio (or the last ones seen).
 */
public final class P2pCallScenario implements BrowserScenario {
  @Override
  public JsonObject run(BrowserDriver driver) throws Exception {
    long t0 = System.nanoTime();
    Map<String, String> settings =
        new HashMap<>(Map.of("node.httpHost", NetNs.HOST_A, "node.httpPort", "0"));
    JsonObject extra = driver.args().getJsonObject("config", new JsonObject());
    extra.forEach(e -> settings.put(e.getKey(), String.valueOf(e.getValue())));
    RunningNode node = Launcher.start(Config.of(settings)).await(30, TimeUnit.SECONDS);
    driver.closeLater(() -> node.stop().await(20, TimeUnit.SECONDS));
    String origin = "http://" + NetNs.HOST_A + ":" + node.httpPort();
    long nodeMs = ms(t0);
    driver.note("node up at " + origin);

    // http://10.99.0.1 is not a secure context by itself; getUserMedia needs one
    Cdp browser = driver.chromium(Chromium.Options.defaults().secureOrigin(origin));
    long browserMs = ms(t0);
    Page bob = browser.newPage("bob", true);
    Page alice = browser.newPage("alice", true);
    Duration step = driver.budget(Duration.ofSeconds(20));
    for (Page page : new Page[] {bob, alice}) {
      page.navigate(origin + "/health", step);
      page.addScript("browser/ws-rpc.js");
      page.addScript("browser/p2p-call.js");
    }
    String room = driver.args().getString("room", "call-1");
    JsonObject bobLogin = bob.evaluateObject("lr.login('" + room + "', 'bob')", step);
    JsonObject bobTracks = new JsonObject().put("tracks", bob.evaluate("lr.media()", step));
    JsonObject aliceLogin = alice.evaluateObject("lr.login('" + room + "', 'alice')", step);
    JsonObject aliceTracks = new JsonObject().put("tracks", alice.evaluate("lr.media()", step));
    JsonObject offered = alice.evaluateObject("lr.call()", step);
    long callMs = ms(t0);

    String flowing =
        "lr.stats().then(s => s.video && s.video.framesDecoded > 0"
            + " && s.audio && s.audio.packetsReceived > 0"
            + " && s.remoteVideo && s.remoteVideo.width > 0 ? s : null)";
    Duration mediaWait =
        driver.budget(Duration.ofSeconds(driver.args().getInteger("mediaWaitSeconds", 30)));
    JsonObject bobStats;
    JsonObject aliceStats;
    try {
      bobStats = (JsonObject) bob.waitFor(flowing, mediaWait, Duration.ofMillis(250));
      aliceStats =
          (JsonObject)
              alice.waitFor(flowing, driver.budget(Duration.ofSeconds(10)), Duration.ofMillis(250));
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + "\nbob: "
              + bob.evaluate("lr.stats()", step)
              + "\nalice: "
              + alice.evaluate("lr.stats()", step),
          e);
    }
    long mediaMs = ms(t0);
    // a second later, to show the fake camera's frames keep coming
    Thread.sleep(1000);
    bobStats = bob.evaluateObject("lr.stats()", step);
    bob.screenshot(driver.artifacts().resolve("bob-callee.png"));
    alice.screenshot(driver.artifacts().resolve("alice-caller.png"));
    Object aliceHangup = alice.evaluate("lr.hangup()", step);
    return new JsonObject()
        .put("origin", origin)
        .put(
            "bob",
            new JsonObject().put("login", bobLogin).put("media", bobTracks).put("stats", bobStats))
        .put(
            "alice",
            new JsonObject()
                .put("login", aliceLogin)
                .put("media", aliceTracks)
                .put("call", offered)
                .put("stats", aliceStats)
                .put("hangup", aliceHangup))
        .put(
            "timings",
            new JsonObject()
                .put("nodeUpMs", nodeMs)
                .put("browserUpMs", browserMs)
                .put("callStartedMs", callMs)
                .put("mediaFlowingMs", mediaMs)
                .put("scenarioMs", ms(t0)));
  }
}
