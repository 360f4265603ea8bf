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

/**
 * Runs inside the test's network namespace (see {@link SdkDevicesIT}): one node, one Chromium with
 * three fake cameras ({@code device-count=3}: camera 0 paints a pacman on green, camera 2 plain
 * green; camera 1 is a depth camera (Y16) WebRTC cannot encode). Alice publishes camera 0, bob
 * plays it; alice switches to camera 2 mid-publish ({@code useVideoDevice}), lowers the video to
 * 320x240 and 300 kbps ({@code setVideoConfig}), mutes and unmutes her camera; bob's page reports
 * what it decoded and heard at each step, and shows the stream in a remote view whose autoplay with
 * sound is refused. Returns what each page saw.
 */
public final class SdkDevicesScenario implements BrowserScenario {
  private static final Duration POLL = Duration.ofMillis(250);
  private static final String STREAM = "dev-cam";

  @Override
  public JsonObject run(BrowserDriver driver) throws Exception {
    long t0 = System.nanoTime();
    RunningNode node = Scenarios.startNode(driver, Scenarios.QUICK_PRESENCE);
    String origin = Scenarios.origin(node);
    Cdp browser =
        driver.chromium(
            Chromium.Options.defaults()
                .secureOrigin(origin)
                .flag("--use-fake-device-for-media-stream=device-count=3"));
    Duration step = driver.budget(Duration.ofSeconds(20));
    Duration media = driver.budget(Duration.ofSeconds(30));
    JsonObject out = new JsonObject();

    Page alice = page(browser, "alice", origin, step);
    Page bob = page(browser, "bob", origin, step);
    out.put("aliceLogin", alice.evaluate("t.login('dev-room', 'alice')", step));
    out.put("bobLogin", bob.evaluate("t.login('dev-room', 'bob')", step));
    out.put("cameras", alice.evaluate("t.zg.getCameras()", step));
    out.put("devices", alice.evaluateObject("t.zg.enumDevices()", step));
    out.put("publish", alice.evaluate("d.publishCam('" + STREAM + "', 0)", step));
    out.put(
        "publishing",
        alice.waitFor(
            "t.first('publisherStateUpdate', r => r.state === 'PUBLISHING')", media, POLL));
    bob.waitFor(
        "t.first('roomStreamUpdate', (r, type, list) => type === 'ADD'"
            + " && list.some(s => s.streamID === '"
            + STREAM
            + "'))",
        step,
        POLL);
    out.put("play", bob.evaluate("t.play('" + STREAM + "')", step));
    out.put("greenFrame", bob.waitFor(whenColour("c.centre > 170"), media, POLL));
    out.put("firstFrameMs", ms(t0));

    // switch cameras mid-publish: same stream, same peer connection, the player sees the other
    // camera
    out.put("switch", alice.evaluateObject("d.useCam('" + STREAM + "', 2)", step));
    long framesAtSwitch =
        bob.evaluateObject("d.inbound('" + STREAM + "')", step).getLong("framesDecoded");
    out.put("framesAtSwitch", framesAtSwitch);
    out.put(
        "plainFrame",
        waitOrExplain(
            bob,
            whenColour("c.centre < 150 && c.g > 100"),
            media,
            "Promise.all([d.colour('" + STREAM + "'), d.inbound('" + STREAM + "')])",
            alice,
            "d.sender('" + STREAM + "')"));
    out.put(
        "afterSwitch",
        bob.waitFor(whenInbound("s.framesDecoded > " + (framesAtSwitch + 30)), media, POLL));
    out.put("switchMs", ms(t0));

    // lower the video on the live publish: the player decodes 320x240. First the full 640x480 (the
    // encoder starts lower and scales up as the bandwidth estimate grows), so the 320x240 after
    // setVideoConfig is the config's and not the encoder's own adaptation
    out.put(
        "decoded640",
        bob.waitFor(
            whenInbound("s.frameWidth === 640"), driver.budget(Duration.ofSeconds(45)), POLL));
    out.put(
        "config",
        alice.evaluateObject(
            "t.zg.setVideoConfig(d.local(), {width: 320, height: 240, frameRate: 15, maxBitrate: 300})",
            step));
    out.put("senderAfterConfig", alice.evaluateObject("d.sender('" + STREAM + "')", step));
    out.put(
        "decoded320",
        bob.waitFor(whenInbound("s.frameWidth === 320 && s.frameHeight === 240"), media, POLL));
    out.put("configMs", ms(t0));

    // switch the microphone too: the player keeps receiving audio
    out.put("micSwitch", alice.evaluateObject("d.useMic('" + STREAM + "', 1)", step));
    long audioAtSwitch =
        ((Number) bob.evaluate("d.audioPackets('" + STREAM + "')", step)).longValue();
    out.put("audioAtMicSwitch", audioAtSwitch);
    out.put(
        "audioAfterMicSwitch",
        bob.waitFor(
            "d.audioPackets('"
                + STREAM
                + "').then(n => n > "
                + (audioAtSwitch + 50)
                + " ? n : null)",
            media,
            POLL));

    // mute the camera: the other member is told, then unmute
    out.put("mute", alice.evaluate("t.zg.mutePublishStreamVideo(d.local(), true)", step));
    out.put(
        "bobSawMute",
        bob.waitFor(
            "t.first('remoteCameraStatusUpdate', (id, status) => id === '"
                + STREAM
                + "' && status === 'MUTE')",
            step,
            POLL));
    out.put(
        "bobTrackUpdate",
        bob.waitFor(
            "t.first('roomStreamTrackUpdate', (r, u) => u.streamID === '"
                + STREAM
                + "' && u.muted)",
            step,
            POLL));
    alice.evaluate("t.zg.mutePublishStreamVideo(d.local(), false)", step);
    out.put(
        "bobSawUnmute",
        bob.waitFor(
            "t.first('remoteCameraStatusUpdate', (id, status) => id === '"
                + STREAM
                + "' && status === 'OPEN')",
            step,
            POLL));
    out.put(
        "aliceOwnStatusEvents",
        alice.evaluate("t.events('remoteCameraStatusUpdate').length", step));

    // a remote view when the browser refuses to autoplay with sound: muted fallback + event
    out.put("view", bob.evaluateObject("d.viewWithRefusedAutoplay('" + STREAM + "')", step));
    out.put("engineAutoplayFailed", bob.evaluate("t.events('autoplayFailed').length", step));

    out.put(
        "bobPlayerStates",
        bob.evaluate("t.events('playerStateUpdate').map(a => a[0].state)", step));
    out.put(
        "alicePublisherStates",
        alice.evaluate("t.events('publisherStateUpdate').map(a => a[0].state)", step));
    out.put(
        "bobStreamDeletes",
        bob.evaluate("t.events('roomStreamUpdate').filter(a => a[1] === 'DELETE').length", step));
    out.put("deviceErrors", alice.evaluate("t.events('deviceError').length", step));
    out.put("plug", alice.evaluateObject("d.simulatePlug()", step));
    // a capture track that ends by itself (device unplugged) is a deviceError
    out.put(
        "deviceErrorOnEnded",
        alice.evaluate(
            "(() => { d.local().getAudioTracks()[0].dispatchEvent(new Event('ended'));"
                + " return t.events('deviceError'); })()",
            step));
    // playing side mutes stay on this page: the track is disabled, nothing is sent
    out.put(
        "playMute",
        bob.evaluate(
            "(() => { const ok = t.zg.mutePlayStreamAudio('"
                + STREAM
                + "', true);"
                + " return [ok, t.zg._players.get('"
                + STREAM
                + "').stream.getAudioTracks().map(x => x.enabled),"
                + " t.zg.mutePlayStreamVideo('no-such-stream', true)]; })()",
            step));
    out.put("totalMs", ms(t0));
    return out;
  }

  /** waitFor, failing with what both pages see at the deadline. */
  private static Object waitOrExplain(
      Page page,
      String expression,
      Duration timeout,
      String explain,
      Page other,
      String otherExplain) {
    try {
      return page.waitFor(expression, timeout, POLL);
    } catch (AssertionError e) {
      Duration d = Duration.ofSeconds(10);
      throw new AssertionError(
          e.getMessage()
              + "; "
              + page.name()
              + " sees "
              + page.evaluate(explain, d)
              + ", "
              + other.name()
              + " "
              + other.evaluate(otherExplain, d),
          e);
    }
  }

  private static Page page(Cdp browser, String name, String origin, Duration step) {
    Page page = browser.newPage(name, true);
    page.navigate(origin + "/health", step);
    page.evaluate("import('/sdk/liveroom.js').then(m => typeof globalThis.LiveRoomEngine)", step);
    page.addScript("browser/sdk-call.js");
    page.addScript("browser/sdk-devices.js");
    return page;
  }

  /**
   * JS: the player's inbound video stats {@code s} once {@code condition} holds on them, else null.
   */
  private static String whenInbound(String condition) {
    return "d.inbound('" + STREAM + "').then(s => " + condition + " ? s : null)";
  }

  /**
   * JS: the colour {@code c} of the player's video once {@code condition} holds on it, else null.
   */
  private static String whenColour(String condition) {
    return "(() => { const c = d.colour('"
        + STREAM
        + "'); return c && "
        + condition
        + " ? c : null; })()";
  }
}
