package io.liveroom.launcher.serverapi;

import static io.liveroom.launcher.harness.Scenarios.ms;

import io.liveroom.infra.testing.browser.BrowserDriver;
import io.liveroom.infra.testing.browser.BrowserScenario;
import io.liveroom.infra.testing.browser.Cdp;
import io.liveroom.infra.testing.browser.Chromium;
import io.liveroom.infra.testing.browser.Page;
import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.Scenarios;
import io.liveroom.launcher.harness.TestTokens;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Runs inside the test's network namespace (see {@link ServerApiIT}): alice publishes camera and
 * mic through the SDK in real Chromium, bob plays it; the server API mutes alice's video, then
 * unmutes it. Returns what each page saw and bob's inbound byte counts around each step.
 */
public final class ServerMuteScenario implements BrowserScenario {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final String ROOM = "mute-room";
  private static final String STREAM = "alice-cam";

  @Override
  public JsonObject run(BrowserDriver driver) throws Exception {
    long t0 = System.nanoTime();
    RunningNode node = Scenarios.startNode(driver, Map.of());
    String origin = Scenarios.origin(node);
    Cdp browser = driver.chromium(Chromium.Options.defaults().secureOrigin(origin));
    Duration step = driver.budget(Duration.ofSeconds(20));
    JsonObject out = new JsonObject();
    Page alice = browser.newPage("alice", true);
    alice.navigate(origin + "/health", step);
    alice.evaluate("import('/sdk/liveroom.js').then(() => true)", step);
    alice.addScript("browser/sdk-call.js");
    Page bob = browser.newPage("bob", true);
    bob.navigate(origin + "/health", step);
    bob.evaluate("import('/sdk/liveroom.js').then(() => true)", step);
    bob.addScript("browser/sdk-call.js");
    alice.evaluate("t.login('" + ROOM + "', 'alice')", step);
    bob.evaluate("t.login('" + ROOM + "', 'bob')", step);
    alice.evaluate("t.publish('" + STREAM + "')", step);
    Duration media = driver.budget(Duration.ofSeconds(30));
    bob.waitFor(
        "t.first('roomStreamUpdate', (r, type, list) => type === 'ADD' && list.some(s => s.streamID === '"
            + STREAM
            + "'))",
        media,
        POLL);
    bob.evaluate("t.play('" + STREAM + "')", step);
    out.put(
        "flowing",
        bob.waitFor(
            "t.received('"
                + STREAM
                + "').then(s => s.framesDecoded > 0 && s.audioPackets > 0"
                + " ? s : null)",
            media,
            Duration.ofMillis(250)));

    out.put("muteReply", muteVideo(origin, true));
    out.put("aliceEvent", publisherHeard(alice, true, step));
    out.put(
        "bobEvent",
        bob.waitFor(
            "t.first('roomStreamTrackUpdate', (r, u) => u.streamID === '"
                + STREAM
                + "' && u.kind === 'video' && u.muted)",
            step,
            POLL));
    out.put(
        "aliceVideoSenderTrack",
        alice.evaluate(
            "String(t.zg._publishers.get('"
                + STREAM
                + "').pc.getTransceivers().find(x => x.receiver.track.kind === 'video').sender.track)",
            step));
    // video stops: two samples a second apart with no new video bytes, while audio still grows
    out.put(
        "mutedWindow",
        bob.waitFor(
            "t.bytesOver('"
                + STREAM
                + "', 1000).then(w => w.after.video === w.before.video"
                + " && w.after.audio > w.before.audio ? w : null)",
            driver.budget(Duration.ofSeconds(15)),
            POLL));
    out.put("mutedMs", ms(t0));

    out.put("unmuteReply", muteVideo(origin, false));
    out.put("aliceUnmuteEvent", publisherHeard(alice, false, step));
    out.put(
        "unmutedWindow",
        bob.waitFor(
            "t.bytesOver('"
                + STREAM
                + "', 1000).then(w => w.after.video > w.before.video"
                + " ? w : null)",
            driver.budget(Duration.ofSeconds(15)),
            POLL));
    return out.put("scenarioMs", ms(t0));
  }

  /** The server API mutes (or unmutes) alice's video. */
  private static JsonObject muteVideo(String origin, boolean muted) throws Exception {
    return admin(
        origin,
        "/v1/rooms/" + ROOM + "/streams/" + STREAM + "/mute",
        new JsonObject().put("kind", "video").put("muted", muted));
  }

  /** Waits until alice's SDK reports her video muted (or unmuted) by the server. */
  private static Object publisherHeard(Page alice, boolean muted, Duration step) {
    return alice.waitFor(
        "t.first('publishTrackMuteUpdate', (id, kind, muted) => id === '"
            + STREAM
            + "' && kind === 'video' && "
            + (muted ? "muted" : "!muted")
            + ")",
        step,
        POLL);
  }

  private static JsonObject admin(String origin, String path, JsonObject body) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(origin + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", TestTokens.admin())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(path + " -> " + r.statusCode() + ": " + r.body());
    }
    return new JsonObject(r.body());
  }
}
