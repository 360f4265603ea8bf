package io.liveroom.launcher.media;

import static io.liveroom.launcher.harness.Scenarios.ms;

import io.liveroom.infra.testing.browser.BrowserDriver;
import io.liveroom.infra.testing.browser.BrowserScenario;
import io.liveroom.infra.testing.browser.Cdp;
import io.liveroom.infra.testing.browser.Chromium;
import io.liveroom.infra.testing.browser.NetNs;
import io.liveroom.infra.testing.browser.Page;
import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.Scenarios;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Runs inside the test's network namespace (see {@link SdkBrowserIT}): a single-process node with
 * media on {@link NetNs#HOST_A}; two pages in separate browser contexts load the SDK from the
 * gateway (alice as an ES module, bob with the classic script), log into one room, each publishes
 * and plays the other, exchange barrage, broadcast and a custom command, read the online count;
 * then bob's gateway connection is cut (he reconnects, resumes, replays the broadcast he missed,
 * and media keeps flowing), and alice logs out. Returns what each page saw.
 */
public final class SdkCallScenario implements BrowserScenario {
  private static final Duration POLL = Duration.ofMillis(200);

  @Override
  public JsonObject run(BrowserDriver driver) throws Exception {
    long t0 = System.nanoTime();
    RunningNode node = Scenarios.startNode(driver, Scenarios.QUICK_PRESENCE);
    String origin = Scenarios.origin(node);
    Cdp browser = driver.chromium(Chromium.Options.defaults().secureOrigin(origin));
    Duration step = driver.budget(Duration.ofSeconds(20));
    JsonObject out = new JsonObject();

    Page alice = browser.newPage("alice", true);
    alice.navigate(origin + "/health", step);
    out.put(
        "moduleLoad",
        alice.evaluateObject(
            "import('/sdk/liveroom.js').then(m => ({default: typeof m.default,"
                + " named: m.LiveRoomEngine === m.default, global: globalThis.LiveRoomEngine === m.default,"
                + " zego: m.ZegoExpressEngine === m.default, version: new m.default(1, '').getVersion()}))",
            step));
    alice.addScript("browser/sdk-call.js");
    Page bob = browser.newPage("bob", true);
    bob.navigate(origin + "/health", step);
    out.put(
        "classicLoad",
        bob.evaluateObject(
            "new Promise((resolve, reject) => { const s = document.createElement('script');"
                + " s.src = '/sdk/liveroom.global.js'; s.onload = () => resolve({global: typeof LiveRoomEngine,"
                + " leaked: typeof VERSION}); s.onerror = reject; document.head.appendChild(s); })",
            step));
    bob.addScript("browser/sdk-call.js");
    out.put("requirements", alice.evaluateObject("t.zg.checkSystemRequirements()", step));

    out.put("aliceLogin", alice.evaluate("t.login('sdk-room', 'alice')", step));
    out.put("bobLogin", bob.evaluate("t.login('sdk-room', 'bob')", step));
    out.put(
        "aliceSawBobJoin",
        alice.waitFor(
            "t.first('roomUserUpdate', (r, type, users) => type === 'ADD'"
                + " && users.some(u => u.userID === 'bob'))",
            step,
            POLL));
    out.put("alicePublish", alice.evaluate("t.publish('alice-cam')", step));
    out.put("bobPublish", bob.evaluate("t.publish('bob-cam')", step));
    Duration media = driver.budget(Duration.ofSeconds(30));
    out.put(
        "alicePublishing",
        alice.waitFor(
            "t.first('publisherStateUpdate', r => r.state === 'PUBLISHING')", media, POLL));
    out.put(
        "bobPublishing",
        bob.waitFor("t.first('publisherStateUpdate', r => r.state === 'PUBLISHING')", media, POLL));
    out.put(
        "publishStates",
        alice.evaluate("t.events('publisherStateUpdate').map(a => a[0].state)", step));
    out.put(
        "bobSawAliceStream",
        bob.waitFor(
            "t.first('roomStreamUpdate', (r, type, list) => type === 'ADD'"
                + " && list.some(s => s.streamID === 'alice-cam'))",
            step,
            POLL));
    alice.waitFor(
        "t.first('roomStreamUpdate', (r, type, list) => type === 'ADD' && list.some(s => s.streamID === 'bob-cam'))",
        step,
        POLL);
    out.put("alicePlay", alice.evaluate("t.play('bob-cam')", step));
    out.put("bobPlay", bob.evaluate("t.play('alice-cam')", step));
    String aliceDecodes =
        "t.received('bob-cam').then(s => s.framesDecoded > 0 && s.audioPackets > 0 ? s : null)";
    String bobDecodes =
        "t.received('alice-cam').then(s => s.framesDecoded > 0 && s.audioPackets > 0 ? s : null)";
    out.put("aliceReceives", alice.waitFor(aliceDecodes, media, Duration.ofMillis(250)));
    out.put("bobReceives", bob.waitFor(bobDecodes, media, Duration.ofMillis(250)));
    out.put("playingMs", ms(t0));
    out.put(
        "bobPlaying",
        bob.waitFor("t.first('playerStateUpdate', r => r.state === 'PLAYING')", step, POLL));

    out.put(
        "barrageSent",
        alice.evaluateObject("t.zg.sendBarrageMessage('sdk-room', 'hello from alice 🎉')", step));
    out.put(
        "broadcastSent",
        alice.evaluateObject("t.zg.sendBroadcastMessage('sdk-room', 'welcome, bob')", step));
    out.put(
        "commandSent",
        alice.evaluateObject("t.zg.sendCustomCommand('sdk-room', 'raise-hand', ['bob'])", step));
    out.put(
        "bobBarrage",
        bob.waitFor(
            "t.first('IMRecvBarrageMessage', (r, list) => list.some(c => c.message"
                + " === 'hello from alice 🎉'))",
            step,
            POLL));
    out.put(
        "bobBroadcast",
        bob.waitFor(
            "t.first('IMRecvBroadcastMessage', (r, list) => list.some(c => c.message"
                + " === 'welcome, bob'))",
            step,
            POLL));
    out.put(
        "bobCommand",
        bob.waitFor(
            "t.first('IMRecvCustomCommand', (r, from, cmd) => cmd === 'raise-hand')", step, POLL));
    out.put(
        "aliceOwnBroadcasts", alice.evaluate("t.events('IMRecvBroadcastMessage').length", step));
    out.put("bobOnlineCount", bob.evaluate("t.zg.getOnlineCount('sdk-room')", step));
    out.put(
        "aliceCountPush",
        alice.waitFor("t.first('roomOnlineUserCountUpdate', (r, n) => n === 2)", step, POLL));
    out.put(
        "bobPlayQuality",
        bob.waitFor(
            "t.events('playQualityUpdate').map(a => a[1]).find(s => s.video.videoFPS > 0"
                + " && s.video.videoBitrate > 0) || null",
            driver.budget(Duration.ofSeconds(15)),
            Duration.ofMillis(500)));
    out.put(
        "alicePublishQuality",
        alice.waitFor(
            "t.events('publishQualityUpdate').map(a => a[1]).find(s =>"
                + " s.video.videoBitrate > 0) || null",
            driver.budget(Duration.ofSeconds(15)),
            Duration.ofMillis(500)));
    out.put("callMs", ms(t0));

    // cut bob's gateway connection; alice broadcasts while he is away
    JsonObject before = bob.evaluateObject("t.received('alice-cam')", step);
    out.put("bobFramesBeforeCut", before.getLong("framesDecoded"));
    bob.evaluate("t.zg._dropConnection()", step);
    out.put(
        "whileAway",
        alice.evaluateObject("t.zg.sendBroadcastMessage('sdk-room', 'while you were away')", step));
    out.put(
        "bobReconnected",
        bob.waitFor(
            "t.first('roomStateChanged', (r, reason) => reason === 'RECONNECTED')",
            driver.budget(Duration.ofSeconds(20)),
            POLL));
    out.put("bobRoomStates", bob.evaluate("t.events('roomStateChanged').map(a => a[1])", step));
    out.put(
        "bobMissedBroadcast",
        bob.waitFor(
            "t.events('IMRecvBroadcastMessage').flatMap(a => a[1]).filter(c =>"
                + " c.message === 'while you were away').length || null",
            step,
            POLL));
    long framesAtReconnect =
        bob.evaluateObject("t.received('alice-cam')", step).getLong("framesDecoded");
    out.put("bobFramesAtReconnect", framesAtReconnect);
    out.put(
        "bobReceivesAfterReconnect",
        bob.waitFor(
            "t.received('alice-cam').then(s => s.framesDecoded > "
                + (framesAtReconnect + 30)
                + " ? s : null)",
            driver.budget(Duration.ofSeconds(20)),
            Duration.ofMillis(250)));
    long aliceFrames = alice.evaluateObject("t.received('bob-cam')", step).getLong("framesDecoded");
    out.put(
        "aliceReceivesAfterReconnect",
        alice.waitFor(
            "t.received('bob-cam').then(s => s.framesDecoded > "
                + (aliceFrames + 30)
                + " ? s : null)",
            driver.budget(Duration.ofSeconds(20)),
            Duration.ofMillis(250)));
    out.put(
        "afterReconnectBroadcast",
        bob.evaluateObject("t.zg.sendBroadcastMessage('sdk-room', 'back again')", step));
    out.put(
        "aliceGotBack",
        alice.waitFor(
            "t.first('IMRecvBroadcastMessage', (r, list) => list.some(c => c.message"
                + " === 'back again'))",
            step,
            POLL));
    out.put("reconnectMs", ms(t0));
    bob.screenshot(driver.artifacts().resolve("sdk-bob-after-reconnect.png"));

    // a failed media connection is replayed: fail bob's player, a new peer connection decodes again
    bob.evaluate(
        "window.oldPc = t.zg._players.get('alice-cam').pc; t.zg._mediaFailed(t.zg._players.get('alice-cam'),"
            + " 'play'); true",
        step);
    out.put(
        "bobReplayed",
        bob.waitFor(
            "t.zg._players.get('alice-cam') && t.zg._players.get('alice-cam').pc"
                + " && t.zg._players.get('alice-cam').pc !== oldPc ? t.received('alice-cam').then(s => s.framesDecoded > 0 ? s : null)"
                + " : null",
            driver.budget(Duration.ofSeconds(20)),
            Duration.ofMillis(250)));
    out.put(
        "bobPlayerStates",
        bob.evaluate("t.events('playerStateUpdate').map(a => a[0].state)", step));
    out.put("replayMs", ms(t0));

    out.put("aliceLogout", alice.evaluate("t.zg.logoutRoom('sdk-room')", step));
    out.put(
        "bobSawAliceLeave",
        bob.waitFor(
            "t.first('roomUserUpdate', (r, type, users) => type === 'DELETE'"
                + " && users.some(u => u.userID === 'alice'))",
            step,
            POLL));
    out.put(
        "bobSawStreamDelete",
        bob.waitFor(
            "t.first('roomStreamUpdate', (r, type, list) => type === 'DELETE'"
                + " && list.some(s => s.streamID === 'alice-cam'))",
            step,
            POLL));
    out.put("aliceStates", alice.evaluate("t.events('roomStateChanged').map(a => a[1])", step));
    return out.put("scenarioMs", ms(t0));
  }
}
