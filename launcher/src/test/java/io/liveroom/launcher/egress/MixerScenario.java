package io.liveroom.launcher.egress;

import static io.liveroom.launcher.harness.Scenarios.ms;

import io.liveroom.infra.testing.Ports;
import io.liveroom.infra.testing.browser.BrowserDriver;
import io.liveroom.infra.testing.browser.BrowserScenario;
import io.liveroom.infra.testing.browser.Cdp;
import io.liveroom.infra.testing.browser.Chromium;
import io.liveroom.infra.testing.browser.NetNs;
import io.liveroom.infra.testing.browser.Page;
import io.liveroom.launcher.RunningNode;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs inside the test's network namespace (see {@link MixerIT}): one node with every role, two
 * Chromium pages publishing alice-cam and bob-cam in one room, alice's SDK starts a mixer task of
 * both side by side (640x360) pushed to a local RTMP server ({@code ffmpeg -listen 1}); bad tasks
 * are refused first. While it runs bob stops publishing (his rectangle goes black, the mix goes
 * on); then stopMixerTask. Returns what it saw; the test runs ffprobe on the received FLV.
 */
public final class MixerScenario implements BrowserScenario {
  private static final Duration POLL = Duration.ofMillis(200);

  @Override
  public JsonObject run(BrowserDriver driver) throws Exception {
    long t0 = System.nanoTime();
    Path output = driver.artifacts().resolve("egress");
    RunningNode node = EgressScenario.egressNode(driver, output, "egress.mixMaxInputs", "4");
    String origin = "http://" + NetNs.HOST_A + ":" + node.httpPort();
    JsonObject out = new JsonObject();

    Cdp browser = driver.chromium(Chromium.Options.defaults().secureOrigin(origin));
    Duration step = driver.budget(Duration.ofSeconds(20));
    Page alice = page(browser, "alice", origin, step);
    Page bob = page(browser, "bob", origin, step);
    out.put("aliceLogin", alice.evaluate("t.login('mix-room', 'alice')", step));
    out.put("bobLogin", bob.evaluate("t.login('mix-room', 'bob')", step));
    out.put("alicePublish", alice.evaluate("t.publish('alice-cam')", step));
    out.put("bobPublish", bob.evaluate("t.publish('bob-cam')", step));
    for (Page p : new Page[] {alice, bob}) {
      p.waitFor(
          "t.first('publisherStateUpdate', r => r.state === 'PUBLISHING')",
          driver.budget(Duration.ofSeconds(30)),
          POLL);
    }

    int rtmpPort = Ports.free(InetAddress.getByName(NetNs.HOST_A));
    String url = "rtmp://" + NetNs.HOST_A + ":" + rtmpPort + "/live/mix";
    String good =
        "{taskID: 'mix-1', inputList: ["
            + "{streamID: 'alice-cam', layout: {top: 0, left: 0, bottom: 360, right: 320}},"
            + "{streamID: 'bob-cam', layout: {top: 60, left: 320, bottom: 300, right: 640}}],"
            + " outputList: [{target: '"
            + url
            + "'}], outputConfig: {outputWidth: 640, outputHeight: 360, outputFPS: 15,"
            + " outputBitrate: 600, outputAudioBitrate: 64}}";
    // bad tasks: nothing is started
    out.put(
        "tooMany",
        mix(
            alice,
            good.replace(
                "inputList: [",
                "inputList: [{streamID: 'a', layout: {top: 0, left: 0, bottom: 2, right: 2}},"
                    + "{streamID: 'b', layout: {top: 0, left: 0, bottom: 2, right: 2}},"
                    + "{streamID: 'c', layout: {top: 0, left: 0, bottom: 2, right: 2}},"),
            step));
    out.put("outside", mix(alice, good.replace("right: 640", "right: 641"), step));
    out.put("unknownStream", mix(alice, good.replace("'bob-cam'", "'nobody-cam'"), step));
    out.put("hostileTarget", mix(alice, good.replace(url, url + "|[f=mp4]/tmp/evil.mp4"), step));
    out.put(
        "hostileStream", mix(alice, good.replace("'bob-cam'", "'bob-cam\\u0000; rm -rf /'"), step));
    // no token, and a token without the publish privilege
    String post =
        "(token) => fetch('/egress/mix?roomID=mix-room', {method: 'POST', headers: token"
            + " ? {Authorization: 'Bearer ' + token, 'Content-Type': 'application/json'}"
            + " : {'Content-Type': 'application/json'}, body: JSON.stringify("
            + good
            + ")}).then(r => r.json().then(b => ({status: r.status, code: b.error?.code})))";
    out.put("noToken", alice.evaluateObject("(" + post + ")(null)", step));
    out.put(
        "noPublishPrivilege",
        alice.evaluateObject(
            "fetch('/dev/token?userID=carol&roomID=mix-room').then(r => r.json())"
                + ".then(({token}) => ("
                + post
                + ")(token))",
            step));
    out.put("jobsAfterBad", EgressScenario.call(origin, "GET", "/v1/egress", null));

    Path flv = driver.artifacts().resolve("mix.flv");
    EgressScenario.Closer server =
        driver.closeLater(
            new EgressScenario.Closer(EgressScenario.rtmpServer(url, flv, driver.artifacts())));
    Thread.sleep(500);
    long started = System.nanoTime();
    out.put("start", mix(alice, good, driver.budget(Duration.ofSeconds(40))));
    out.put(
        "bytesBothLive",
        EgressScenario.waitSize(flv, 150_000, driver.budget(Duration.ofSeconds(40))));
    out.put("firstBytesMs", ms(started));
    out.put(
        "cpuBothLive",
        EgressScenario.cpu(
            Map.of("mix", out.getJsonObject("start").getString("extendedData")), 4_000));
    // bob leaves: his rectangle goes black, the mix goes on
    out.put("bobStop", bob.evaluate("t.zg.stopPublishingStream('bob-cam'), true", step));
    // his input ends after ffmpeg's -listen_timeout (4 s); then the output must keep growing (the
    // RTMP server writes its file in chunks of up to 256 KiB: an 8 s window at 600 kbit/s)
    Thread.sleep(5_000);
    long before = java.nio.file.Files.size(flv);
    // the mix's ffmpeg CPU over the same 8 s (one input left: a decode and the canvas's encode)
    out.put(
        "cpu",
        EgressScenario.cpu(
            Map.of("mix", out.getJsonObject("start").getString("extendedData")), 8_000));
    out.put("bytesAfterBobLeft", java.nio.file.Files.size(flv) - before);
    JsonObject jobs = EgressScenario.call(origin, "GET", "/v1/egress", null).getJsonObject("body");
    out.put("jobsWhileRunning", jobs);
    out.put(
        "stop",
        alice.evaluateObject("t.zg.stopMixerTask('mix-1')", driver.budget(Duration.ofSeconds(40))));
    out.put("stopAgain", alice.evaluateObject("t.zg.stopMixerTask('mix-1')", step));
    out.put("serverExited", server.process().waitFor(20, TimeUnit.SECONDS));
    out.put("flv", flv.toString());
    return out.put("scenarioMs", ms(t0));
  }

  private static Page page(Cdp browser, String name, String origin, Duration step)
      throws Exception {
    Page p = browser.newPage(name, true);
    p.navigate(origin + "/health", step);
    p.evaluate(
        "import('/sdk/liveroom.js').then(m => { globalThis.LiveRoomEngine = m.default; return true; })",
        step);
    p.addScript("browser/sdk-call.js");
    return p;
  }

  private static JsonObject mix(Page page, String task, Duration timeout) throws Exception {
    return page.evaluateObject("t.zg.startMixerTask(" + task + ")", timeout);
  }
}
