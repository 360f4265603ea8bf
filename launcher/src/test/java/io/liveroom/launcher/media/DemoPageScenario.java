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
 * Runs inside the test's network namespace (see {@link SdkBrowserIT}): the real demo page {@code /}
 * in two tabs (separate browser contexts) driven like a person would (fill the form, press Join,
 * type a barrage and a chat message); both see each other's video, the barrage flies over the
 * stage, the chat lands, and a screenshot of the call is kept ({@code demo-call.png}). Then {@code
 * /p2p.html} in two more tabs connects a 1v1 call through a p2p room.
 */
public final class DemoPageScenario implements BrowserScenario {
  private static final Duration POLL = Duration.ofMillis(250);

  /** True on a demo page once a remote tile's video plays. */
  static final String REMOTE_VIDEO =
      "[...document.querySelectorAll('.tile:not(.local) video')].some(v => v.videoWidth > 0"
          + " && v.currentTime > 0)";

  @Override
  public JsonObject run(BrowserDriver driver) throws Exception {
    long t0 = System.nanoTime();
    RunningNode node = Scenarios.startNode(driver, Scenarios.QUICK_PRESENCE);
    String origin = Scenarios.origin(node);
    Cdp browser = driver.chromium(Chromium.Options.defaults().secureOrigin(origin));
    Duration step = driver.budget(Duration.ofSeconds(20));
    Duration media = driver.budget(Duration.ofSeconds(30));

    Page alice = join(browser, origin, "alice", "Alice", step);
    Page bob = join(browser, origin, "bob", "Bob", step);
    String remoteVideo = REMOTE_VIDEO;
    alice.waitFor(remoteVideo, media, POLL);
    bob.waitFor(remoteVideo, media, POLL);
    alice.waitFor("document.getElementById('online').textContent === '2'", step, POLL);
    alice.waitFor(
        "[...document.querySelectorAll('.tile .quality')].every(q => q.textContent.includes('fps'))",
        driver.budget(Duration.ofSeconds(15)),
        POLL);

    say(bob, "chat", "hi alice, can you hear me?", step);
    say(bob, "barrage", "nice to see you 👋", step);
    say(alice, "barrage", "hello from the demo page!", step);
    say(bob, "barrage", "danmaku flies across the video ✨", step);
    alice.waitFor(
        "[...document.querySelectorAll('#messages li')].some(li => li.textContent.includes('can you hear me'))",
        step,
        POLL);
    alice.waitFor("document.querySelectorAll('.bullet').length >= 3", step, POLL);
    Thread.sleep(1800); // let the barrage fly into view
    alice.screenshot(driver.artifacts().resolve("demo-call.png"));
    bob.screenshot(driver.artifacts().resolve("demo-call-bob.png"));

    JsonObject out =
        new JsonObject()
            .put("alice", summary(alice, step))
            .put("bob", summary(bob, step))
            .put("demoMs", ms(t0));

    // the demo's recorder: Record, a moment of camera, Record again -> a download link to a WebM
    // blob
    alice.evaluate("document.getElementById('record').click(); true", step);
    alice.waitFor("demo.state.recording ? true : null", step, POLL);
    Thread.sleep(1500); // let MediaRecorder take some of the camera (not an assertion)
    alice.evaluate("document.getElementById('record').click(); true", step);
    out.put(
        "demoRecording",
        alice.waitFor(
            "(a => a.classList.contains('hidden') || !a.href ? null"
                + " : fetch(a.href).then(r => r.blob()).then(b => ({type: b.type, size: b.size, link: a.textContent})))"
                + "(document.getElementById('record-download'))",
            step,
            POLL));

    // the settings panel: devices listed, the 320x240 preset reaches the other tab's decoder
    alice.evaluate("document.getElementById('settings-toggle').click(); true", step);
    out.put(
        "settingsCameras",
        alice.waitFor("document.getElementById('set-camera').options.length || null", step, POLL));
    alice.evaluate(
        "(s => { s.value = 'low'; s.dispatchEvent(new Event('change')); return true; })"
            + "(document.getElementById('set-quality'))",
        step);
    out.put(
        "settingsStatus",
        alice.waitFor(
            "(t => t.startsWith('video') ? t : null)(document.getElementById('settings-status').textContent)",
            step,
            POLL));
    out.put(
        "bobSeesLowPreset",
        bob.waitFor(
            "(v => v && v.videoWidth === 320 ? v.videoWidth + 'x' + v.videoHeight : null)"
                + "(document.querySelector('.tile:not(.local) video'))",
            driver.budget(Duration.ofSeconds(30)),
            POLL));

    // the 1v1 P2P call page
    Page carol = p2p(browser, origin, "carol", step);
    Page dave = p2p(browser, origin, "dave", step);
    out.put(
        "p2pAlice",
        carol.waitFor("demo.state.events.includes('CONNECTED') ? 'CONNECTED' : null", media, POLL));
    out.put(
        "p2pBob",
        dave.waitFor("demo.state.events.includes('CONNECTED') ? 'CONNECTED' : null", media, POLL));
    out.put(
        "p2pRemote",
        carol.waitFor(
            "(v => v.videoWidth > 0 && v.currentTime > 0 ? {videoWidth: v.videoWidth} : null)"
                + "(document.getElementById('remote'))",
            media,
            POLL));
    carol.screenshot(driver.artifacts().resolve("p2p-call.png"));
    return out.put("scenarioMs", ms(t0));
  }

  /**
   * Opens the demo page {@code /} of {@code origin} and joins demo-room as {@code user} (publishing
   * its camera).
   */
  static Page join(Cdp browser, String origin, String user, String name, Duration step) {
    Page page = browser.newPage(user, true);
    page.navigate(origin + "/", step);
    page.waitFor("!!window.demo", step, POLL);
    page.evaluate(
        "document.getElementById('room').value = 'demo-room'; document.getElementById('user').value = '"
            + user
            + "'; document.getElementById('name').value = '"
            + name
            + "';"
            + " document.getElementById('join-button').click(); true",
        step);
    page.waitFor("demo.state.roomID === 'demo-room' && !!demo.state.local", step, POLL);
    return page;
  }

  private static void say(Page page, String kind, String text, Duration step) {
    page.evaluate(
        "(() => { const input = document.getElementById('"
            + kind
            + "-input'); input.value = "
            + quote(text)
            + "; document.getElementById('"
            + kind
            + "-form').requestSubmit(); return true; })()",
        step);
  }

  private static Page p2p(Cdp browser, String origin, String user, Duration step) {
    Page page = browser.newPage(user, true);
    page.navigate(origin + "/p2p.html", step);
    page.waitFor("!!window.demo", step, POLL);
    page.evaluate(
        "document.getElementById('room').value = 'call-42'; document.getElementById('user').value = '"
            + user
            + "'; document.getElementById('join-button').click(); true",
        step);
    page.waitFor("!!demo.state.local", step, POLL);
    return page;
  }

  static JsonObject summary(Page page, Duration step) {
    return page.evaluateObject(
        "({tiles: document.querySelectorAll('.tile').length,"
            + " remoteVideoWidth: Math.max(0, ...[...document.querySelectorAll('.tile:not(.local) video')].map(v => v.videoWidth)),"
            + " members: document.querySelectorAll('#members li').length,"
            + " online: document.getElementById('online').textContent,"
            + " quality: [...document.querySelectorAll('.tile .quality')].map(q => q.textContent).join(' | '),"
            + " bullets: [...document.querySelectorAll('.bullet')].map(b => b.lastChild.textContent),"
            + " chat: [...document.querySelectorAll('#messages li')].map(li => li.textContent),"
            + " state: document.getElementById('state').textContent})",
        step);
  }

  private static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
