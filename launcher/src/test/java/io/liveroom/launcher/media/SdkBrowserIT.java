package io.liveroom.launcher.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.testing.browser.BrowserScenarioRunner;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The browser SDK ({@code /sdk/liveroom.js}) and the demo page in real headless Chromium (fake
 * camera and mic) against a single-process node with its SFU, all inside a network namespace the
 * test makes. See {@link SdkCallScenario} and {@link DemoPageScenario}.
 */
class SdkBrowserIT {
  @Test
  void twoPagesCallEachOtherThroughTheSdkAndSurviveACutConnection() {
    var run =
        BrowserScenarioRunner.run(SdkCallScenario.class, new JsonObject(), Duration.ofSeconds(120));
    System.out.println("SdkBrowserIT call: " + run.describe());
    JsonObject r = run.value();
    assertEquals("function", r.getJsonObject("moduleLoad").getString("default"), run::describe);
    assertTrue(r.getJsonObject("moduleLoad").getBoolean("global"), run::describe);
    assertEquals("function", r.getJsonObject("classicLoad").getString("global"), run::describe);
    assertEquals("undefined", r.getJsonObject("classicLoad").getString("leaked"), run::describe);
    assertTrue(r.getJsonObject("requirements").getBoolean("webRTC"), run::describe);
    assertTrue(
        r.getJsonObject("requirements").getJsonObject("videoCodec").getBoolean("VP8"),
        run::describe);
    assertEquals(Boolean.TRUE, r.getValue("aliceLogin"), run::describe);
    assertEquals(Boolean.TRUE, r.getValue("alicePublish"), run::describe);
    assertEquals(
        new JsonArray().add("PUBLISH_REQUESTING").add("PUBLISHING"),
        r.getJsonArray("publishStates"),
        run::describe);
    assertEquals(
        new JsonArray().add("audio").add("video"), r.getJsonArray("bobPlay"), run::describe);
    for (String side : new String[] {"aliceReceives", "bobReceives"}) {
      assertTrue(r.getJsonObject(side).getLong("framesDecoded") > 0, run::describe);
      assertTrue(r.getJsonObject(side).getLong("audioPackets") > 0, run::describe);
    }
    assertEquals(0, r.getJsonObject("barrageSent").getInteger("errorCode"), run::describe);
    assertEquals(0, r.getJsonObject("broadcastSent").getInteger("errorCode"), run::describe);
    assertTrue(r.getJsonObject("broadcastSent").getLong("messageID") > 0, run::describe);
    assertEquals(
        "ALICE",
        r.getJsonArray("bobBroadcast")
            .getJsonArray(1)
            .getJsonObject(0)
            .getJsonObject("fromUser")
            .getString("userName"),
        run::describe);
    assertEquals(
        "alice", r.getJsonArray("bobCommand").getJsonObject(1).getString("userID"), run::describe);
    assertEquals(
        0,
        r.getInteger("aliceOwnBroadcasts"),
        () -> "ZEGO does not echo a sender's broadcast: " + run.describe());
    assertEquals(2, r.getInteger("bobOnlineCount"), run::describe);
    assertNotNull(r.getValue("aliceCountPush"), run::describe);
    JsonObject quality = r.getJsonObject("bobPlayQuality");
    assertTrue(quality.getJsonObject("video").getInteger("frameWidth") > 0, run::describe);
    assertTrue(quality.containsKey("currentRoundTripTime"), run::describe);

    JsonArray states = r.getJsonArray("bobRoomStates");
    assertTrue(
        states.indexOf("RECONNECTING") >= 0
            && states.indexOf("RECONNECTED") > states.indexOf("RECONNECTING"),
        run::describe);
    assertEquals(
        1, r.getInteger("bobMissedBroadcast"), () -> "replayed exactly once: " + run.describe());
    assertNotNull(r.getValue("bobReceivesAfterReconnect"), run::describe);
    assertNotNull(r.getValue("aliceReceivesAfterReconnect"), run::describe);
    assertNotNull(r.getValue("aliceGotBack"), run::describe);
    assertNotNull(r.getValue("bobSawAliceLeave"), run::describe);
    assertNotNull(r.getValue("bobSawStreamDelete"), run::describe);
    assertTrue(r.getJsonObject("bobReplayed").getLong("framesDecoded") > 0, run::describe);
    assertEquals(
        2,
        r.getJsonArray("bobPlayerStates").stream().filter("PLAY_REQUESTING"::equals).count(),
        () -> "played, then replayed after the media failure: " + run.describe());
    assertEquals(
        new JsonArray().add("LOGINING").add("LOGINED").add("LOGOUT"),
        r.getJsonArray("aliceStates"),
        run::describe);
    assertTrue(run.elapsed().toSeconds() < 120, run::describe);
  }

  @Test
  void theDemoPageMakesAVideoCallBetweenTwoTabs() {
    var run =
        BrowserScenarioRunner.run(
            DemoPageScenario.class, new JsonObject(), Duration.ofSeconds(100));
    System.out.println("SdkBrowserIT demo: " + run.describe());
    JsonObject r = run.value();
    for (String side : new String[] {"alice", "bob"}) {
      JsonObject page = r.getJsonObject(side);
      assertEquals(2, page.getInteger("tiles"), run::describe);
      assertTrue(page.getInteger("remoteVideoWidth") > 0, run::describe);
      assertEquals(2, page.getInteger("members"), run::describe);
    }
    assertEquals("2", r.getJsonObject("alice").getString("online"), run::describe);
    assertEquals(
        2,
        r.getJsonObject("alice").getString("quality").split("fps", -1).length - 1,
        () -> "publish and play figures on both tiles: " + run.describe());
    assertTrue(
        r.getJsonObject("alice").getJsonArray("bullets").contains("nice to see you 👋"),
        run::describe);
    assertTrue(
        r.getJsonObject("alice").getJsonArray("chat").stream()
            .anyMatch(line -> ((String) line).contains("hi alice, can you hear me?")),
        run::describe);
    assertTrue(Files.isRegularFile(run.artifacts().resolve("demo-call.png")), run::describe);
    assertTrue(r.getInteger("settingsCameras") > 0, run::describe);
    assertTrue(r.getString("settingsStatus").startsWith("video 320"), run::describe);
    assertEquals("320x240", r.getString("bobSeesLowPreset"), run::describe);
    assertEquals("CONNECTED", r.getString("p2pAlice"), run::describe);
    assertEquals("CONNECTED", r.getString("p2pBob"), run::describe);
    assertTrue(r.getJsonObject("p2pRemote").getInteger("videoWidth") > 0, run::describe);
    JsonObject recording = r.getJsonObject("demoRecording");
    assertTrue(recording.getString("type").startsWith("video/webm"), run::describe);
    assertTrue(recording.getInteger("size") > 0, run::describe);
  }
}
