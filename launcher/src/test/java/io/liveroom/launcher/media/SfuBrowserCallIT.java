package io.liveroom.launcher.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.testing.browser.BrowserScenarioRunner;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Publish and play through the gateway protocol with real headless Chromium and the real SFU, all
 * inside a network namespace the test makes: the stream is announced once its media flows, a player
 * decodes video and receives audio, a player joining 5 s late decodes too (keyframe on join), the
 * publisher's encoder aims above 1 Mbit/s under the node's bandwidth feedback, and stopping the
 * publisher reaches the player. With a detailed moving picture instead of the fake camera's flat
 * one ({@link BitrateRampScenario}), the publisher's measured send rate climbs above 1 Mbit/s under
 * the node's REMB, and the node measures that rate arriving too. WHIP/WHEP publish and play as
 * well.
 */
class SfuBrowserCallIT {
  @Test
  void chromePublishesThroughTheGatewayAndTwoPlayersDecode() {
    var run =
        BrowserScenarioRunner.run(SfuCallScenario.class, new JsonObject(), Duration.ofSeconds(150));
    System.out.println("SfuBrowserCallIT: " + run.describe());
    JsonObject r = run.value();
    assertNotNull(r.getValue("publishing"), run::describe);
    assertTrue(
        r.getJsonObject("bobLogin").getJsonArray("streamList").contains("alice-cam"),
        () -> "bob logged in after PUBLISHING and finds the live stream: " + run.describe());
    assertNotNull(r.getValue("bobPlaying"), run::describe);
    for (String player : new String[] {"bobStats", "carolStats"}) {
      JsonObject stats = r.getJsonObject(player);
      assertTrue(stats.getJsonObject("video").getLong("framesDecoded") > 0, run::describe);
      assertTrue(stats.getJsonObject("video").getLong("frameWidth") > 0, run::describe);
      assertTrue(stats.getJsonObject("audio").getLong("packetsReceived") > 0, run::describe);
    }
    JsonObject streamStats = r.getJsonObject("streamStats");
    assertEquals(
        2, streamStats.getInteger("players"), () -> "admin stream stats: " + run.describe());
    assertTrue(
        streamStats.getLong("packetsReceived") > 0 && streamStats.getLong("packetsSent") > 0,
        run::describe);
    JsonObject sent = r.getJsonObject("aliceStats").getJsonObject("sent");
    assertTrue(
        sent.getLong("targetBitrate") > 1_000_000,
        () -> "publisher target bitrate: " + run.describe());
    // measured for the record: the fake camera's flat picture needs far less than the target
    System.out.println(
        "SfuBrowserCallIT: publisher target "
            + sent.getLong("targetBitrate")
            + " bit/s, measured send "
            + r.getLong("aliceSendBps")
            + " bit/s, node estimate "
            + streamStats.getLong("estimateBps")
            + " bit/s");
    assertEquals(
        "alice-cam",
        r.getJsonObject("bobStreamDeleted")
            .getJsonArray("streamList")
            .getJsonObject(0)
            .getString("streamID"),
        run::describe);
    assertNotNull(r.getValue("bobNoPlay"), run::describe);
  }

  /**
   * Issue 6: "the publisher's outbound bitrate climbs above 1 Mbit/s". Chrome starts at 300 kbit/s;
   * the node's REMB (up to {@code media.maxBitrateBps}, 2.5 Mbit/s) is all the bandwidth feedback
   * it gets (no transport-cc), so its estimate, {@code availableOutgoingBitrate}, follows that
   * REMB. The picture must be worth the bits: the fake camera's flat animation encodes at about 0.5
   * Mbit/s whatever the target, hence the detailed canvas source (640x480, 30 fps, frames rather
   * than resolution dropped under CPU pressure, encoder cap 2.5 Mbit/s). Polls 2 s windows until
   * two in a row exceed 1 Mbit/s as sent (publisher's getStats), as received (node's stream stats,
   * audio + video RTP) and as Chrome's estimate, or 60 s pass. Measured here: above 1 Mbit/s 3-7 s
   * after PUBLISHING, then about 2.3 Mbit/s at 640x480 and 30 fps (with {@code media.maxBitrateBps}
   * 800000 instead, it settles near 0.7 Mbit/s: the rate follows the REMB).
   */
  @Test
  void publisherSendRateClimbsAboveOneMegabitUnderTheNodesFeedback() {
    var run =
        BrowserScenarioRunner.run(
            BitrateRampScenario.class, new JsonObject(), Duration.ofSeconds(120));
    JsonObject r = run.value();
    for (Object o : r.getJsonArray("samples")) {
      JsonObject s = (JsonObject) o;
      System.out.printf(
          "SfuBrowserCallIT ramp: %6d ms after PUBLISHING: sent %8d bit/s (target %8d, estimate %8d), node"
              + " received %8d bit/s (REMB %8d), %dx%d, %.1f fps encoded, qp %.1f, quality limitation %s, pair %s (%s)%n",
          s.getLong("sincePublishingMs"),
          s.getLong("sendBps"),
          s.getLong("targetBitrate"),
          s.getLong("availableOutgoingBitrate"),
          s.getLong("nodeBitrateBps"),
          s.getLong("nodeEstimateBps"),
          s.getInteger("frameWidth"),
          s.getInteger("frameHeight"),
          s.getDouble("encodedFps"),
          s.getDouble("qp"),
          s.getString("qualityLimitationReason"),
          s.getString("localCandidate"),
          s.getValue("selectedCandidatePairChanges"));
    }
    assertTrue(
        r.getBoolean("reached"),
        () ->
            "the publisher's send rate, the node's received rate and Chrome's"
                + " estimate did not all stay above 1 Mbit/s for two 2 s windows in a row within 60 s: "
                + run.describe());
    for (Object o : r.getJsonArray("aboveSamples")) {
      JsonObject s = (JsonObject) o;
      assertTrue(s.getLong("sendBps") > 1_000_000, run::describe);
      assertTrue(s.getLong("nodeBitrateBps") > 1_000_000, run::describe);
      assertTrue(
          s.getLong("availableOutgoingBitrate") > 1_000_000,
          () ->
              "Chrome's bandwidth estimate (from the node's REMB) above 1 Mbit/s: "
                  + run.describe());
    }
    JsonObject bob = r.getJsonObject("bobStats");
    assertTrue(bob.getJsonObject("video").getLong("framesDecoded") > 0, run::describe);
    System.out.println(
        "SfuBrowserCallIT ramp: above 1 Mbit/s "
            + r.getLong("firstAboveMs")
            + " ms after PUBLISHING; bob"
            + " decoded "
            + bob.getJsonObject("video").getLong("framesDecoded")
            + " frames; scenario "
            + r.getLong("scenarioMs")
            + " ms");
  }

  @Test
  void chromePublishesWithWhipAndPlaysWithWhep() {
    var run =
        BrowserScenarioRunner.run(
            WhipWhepScenario.class, new JsonObject(), Duration.ofSeconds(120));
    System.out.println("SfuBrowserCallIT WHIP/WHEP: " + run.describe());
    JsonObject r = run.value();
    assertEquals(401, r.getJsonObject("noToken").getInteger("status"), run::describe);
    assertEquals(
        "TOKEN_MISSING",
        r.getJsonObject("noToken").getJsonObject("body").getJsonObject("error").getString("name"),
        run::describe);
    assertEquals(201, r.getJsonObject("whip").getInteger("status"), run::describe);
    assertEquals(
        "application/sdp", r.getJsonObject("whip").getString("contentType"), run::describe);
    assertTrue(
        r.getJsonObject("whip").getString("location").startsWith("/whip/obs-cam/"), run::describe);
    assertEquals(
        "obs-cam",
        r.getJsonObject("memberSawStream")
            .getJsonArray("streamList")
            .getJsonObject(0)
            .getString("streamID"),
        run::describe);
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
