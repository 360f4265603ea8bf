package io.liveroom.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.launcher.browser.BrowserScenarioRunner;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Publish and play through the gateway protocol with real headless Chromium and the real SFU, all
 * inside a network namespace the test makes: the stream is announced once its media flows, a
 * player decodes video and receives audio, a player joining 5 s late decodes too (keyframe on
 * join), the publisher's encoder aims above 1 Mbit/s under the node's bandwidth feedback, and
 * stopping the publisher reaches the player.
 */
class MediaIT {
  @Test
  void chromePublishesThroughTheGatewayAndTwoPlayersDecode() {
    var run = BrowserScenarioRunner.run(SfuCallScenario.class, new JsonObject(), Duration.ofSeconds(150));
    System.out.println("MediaIT: " + run.describe());
    JsonObject r = run.value();
    assertNotNull(r.getValue("publishing"), run::describe);
    assertTrue(r.getJsonObject("bobLogin").getJsonArray("streamList").contains("alice-cam"),
        () -> "bob logged in after PUBLISHING and finds the live stream: " + run.describe());
    assertNotNull(r.getValue("bobPlaying"), run::describe);
    for (String player : new String[] {"bobStats", "carolStats"}) {
      JsonObject stats = r.getJsonObject(player);
      assertTrue(stats.getJsonObject("video").getLong("framesDecoded") > 0, run::describe);
      assertTrue(stats.getJsonObject("video").getLong("frameWidth") > 0, run::describe);
      assertTrue(stats.getJsonObject("audio").getLong("packetsReceived") > 0, run::describe);
    }
    JsonObject streamStats = r.getJsonObject("streamStats");
    assertEquals(2, streamStats.getInteger("players"), () -> "admin stream stats: " + run.describe());
    assertTrue(streamStats.getLong("packetsReceived") > 0 && streamStats.getLong("packetsSent") > 0, run::describe);
    JsonObject sent = r.getJsonObject("aliceStats").getJsonObject("sent");
    assertTrue(sent.getLong("targetBitrate") > 1_000_000, () -> "publisher target bitrate: " + run.describe());
    // measured for the record: the fake camera's flat picture needs far less than the target
    System.out.println("MediaIT: publisher target " + sent.getLong("targetBitrate") + " bit/s, measured send "
        + r.getLong("aliceSendBps") + " bit/s, node estimate " + streamStats.getLong("estimateBps") + " bit/s");
    assertEquals("alice-cam", r.getJsonObject("bobStreamDeleted").getJsonArray("streamList").getJsonObject(0)
        .getString("streamID"), run::describe);
    assertNotNull(r.getValue("bobNoPlay"), run::describe);
  }

  @Test
  void chromePublishesWithWhipAndPlaysWithWhep() {
    var run = BrowserScenarioRunner.run(WhipWhepScenario.class, new JsonObject(), Duration.ofSeconds(120));
    System.out.println("MediaIT WHIP/WHEP: " + run.describe());
    JsonObject r = run.value();
    assertEquals(401, r.getJsonObject("noToken").getInteger("status"), run::describe);
    assertEquals("TOKEN_MISSING", r.getJsonObject("noToken").getJsonObject("body").getJsonObject("error")
        .getString("name"), run::describe);
    assertEquals(201, r.getJsonObject("whip").getInteger("status"), run::describe);
    assertEquals("application/sdp", r.getJsonObject("whip").getString("contentType"), run::describe);
    assertTrue(r.getJsonObject("whip").getString("location").startsWith("/whip/obs-cam/"), run::describe);
    assertEquals("obs-cam", r.getJsonObject("memberSawStream").getJsonArray("streamList").getJsonObject(0)
        .getString("streamID"), run::describe);
    assertEquals(201, r.getJsonObject("whep").getInteger("status"), run::describe);
    JsonObject stats = r.getJsonObject("viewerStats");
    assertTrue(stats.getJsonObject("video").getLong("framesDecoded") > 0, run::describe);
    assertTrue(stats.getJsonObject("audio").getLong("packetsReceived") > 0, run::describe);
    assertEquals(200, r.getInteger("whepDelete"), run::describe);
    assertEquals(404, r.getInteger("whepDeleteAgain"), run::describe);
    assertEquals(200, r.getInteger("whipDelete"), run::describe);
    assertNotNull(r.getValue("memberSawDelete"), run::describe);
  }
}
