package io.liveroom.launcher.serverapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.testing.browser.BrowserScenarioRunner;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The server API's track mute in real headless Chromium through the SDK ({@link
 * ServerMuteScenario}).
 */
class ServerApiIT {
  @Test
  void aTrackMutedByTheServerStopsBeingSentUntilUnmuted() {
    var run =
        BrowserScenarioRunner.run(
            ServerMuteScenario.class, new JsonObject(), Duration.ofSeconds(90));
    System.out.println("ServerApiIT mute: " + run.describe());
    JsonObject r = run.value();
    assertEquals("alice", r.getJsonObject("muteReply").getString("userID"), run::describe);
    assertNotNull(r.getValue("aliceEvent"), run::describe);
    assertNotNull(r.getValue("bobEvent"), run::describe);
    assertEquals(
        "null",
        r.getString("aliceVideoSenderTrack"),
        () -> "the SDK replaced the track: " + run.describe());
    JsonObject muted = r.getJsonObject("mutedWindow");
    assertEquals(
        muted.getJsonObject("before").getLong("video"),
        muted.getJsonObject("after").getLong("video"),
        run::describe);
    assertTrue(
        muted.getJsonObject("after").getLong("audio")
            > muted.getJsonObject("before").getLong("audio"),
        run::describe);
    JsonObject unmuted = r.getJsonObject("unmutedWindow");
    assertTrue(
        unmuted.getJsonObject("after").getLong("video")
            > unmuted.getJsonObject("before").getLong("video"),
        run::describe);
  }
}
