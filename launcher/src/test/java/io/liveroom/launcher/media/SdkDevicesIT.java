package io.liveroom.launcher.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.testing.browser.BrowserScenarioRunner;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The SDK's device and video-settings calls in real headless Chromium with fake cameras, one
 * browser and one node for every step (see {@link SdkDevicesScenario}): a camera switch mid-publish
 * keeps the stream live and the player sees the other camera; setVideoConfig 320x240 reaches the
 * player's decoder; a muted camera is reported to the other member; a remote view falls back to
 * muted playback when autoplay with sound is refused.
 */
class SdkDevicesIT {
  @Test
  void camerasSwitchVideoSettingsApplyAndMutesAreReported() {
    var run =
        BrowserScenarioRunner.run(
            SdkDevicesScenario.class, new JsonObject(), Duration.ofSeconds(150));
    System.out.println("SdkDevicesIT: " + run.describe());
    JsonObject r = run.value();
    JsonArray cameras = r.getJsonArray("cameras");
    assertEquals(3, cameras.size(), run::describe);
    assertEquals("fake_device_0", cameras.getJsonObject(0).getString("deviceName"), run::describe);
    assertFalse(cameras.getJsonObject(2).getString("deviceID").isEmpty(), run::describe);
    assertEquals(3, r.getJsonObject("devices").getJsonArray("videoInputs").size(), run::describe);
    assertTrue(r.getJsonObject("devices").getJsonArray("microphones").size() > 0, run::describe);
    assertEquals(Boolean.TRUE, r.getValue("publish"), run::describe);
    assertNotNull(r.getValue("greenFrame"), run::describe);

    JsonObject switched = r.getJsonObject("switch");
    assertEquals(0, switched.getJsonObject("result").getInteger("errorCode"), run::describe);
    assertEquals(switched.getString("wanted"), switched.getString("deviceId"), run::describe);
    assertEquals("connected", switched.getString("connectionState"), run::describe);
    assertEquals(
        new JsonArray().add("fake_device_2"), switched.getJsonArray("localTracks"), run::describe);
    JsonObject before = r.getJsonObject("greenFrame");
    JsonObject after = r.getJsonObject("plainFrame");
    assertTrue(before.getInteger("centre") > 170, () -> "camera 0's pacman: " + run.describe());
    assertTrue(after.getInteger("centre") < 150, () -> "camera 2, no pacman: " + run.describe());
    assertTrue(
        r.getJsonObject("afterSwitch").getLong("framesDecoded") > r.getLong("framesAtSwitch") + 30,
        run::describe);
    assertEquals(
        "connected", r.getJsonObject("afterSwitch").getString("connectionState"), run::describe);

    assertEquals(480, r.getJsonObject("decoded640").getInteger("frameHeight"), run::describe);
    assertEquals(0, r.getJsonObject("config").getInteger("errorCode"), run::describe);
    assertEquals(320, r.getJsonObject("senderAfterConfig").getInteger("trackWidth"), run::describe);
    assertEquals(
        240, r.getJsonObject("senderAfterConfig").getInteger("trackHeight"), run::describe);
    assertEquals(
        300_000, r.getJsonObject("senderAfterConfig").getInteger("maxBitrate"), run::describe);
    assertEquals(
        15, r.getJsonObject("senderAfterConfig").getInteger("maxFramerate"), run::describe);
    assertEquals(320, r.getJsonObject("decoded320").getInteger("frameWidth"), run::describe);
    assertEquals(240, r.getJsonObject("decoded320").getInteger("frameHeight"), run::describe);

    JsonObject mic = r.getJsonObject("micSwitch");
    assertEquals(0, mic.getJsonObject("result").getInteger("errorCode"), run::describe);
    assertEquals(mic.getString("wanted"), mic.getString("label"), run::describe);
    assertEquals(
        new JsonArray().add(mic.getString("wanted")),
        mic.getJsonArray("localAudio"),
        run::describe);
    assertTrue(r.getLong("audioAfterMicSwitch") > r.getLong("audioAtMicSwitch"), run::describe);

    assertEquals(Boolean.TRUE, r.getValue("mute"), run::describe);
    assertNotNull(r.getValue("bobSawMute"), run::describe);
    assertNotNull(r.getValue("bobTrackUpdate"), run::describe);
    assertNotNull(r.getValue("bobSawUnmute"), run::describe);
    assertEquals(
        0,
        r.getInteger("aliceOwnStatusEvents"),
        () -> "remote*StatusUpdate is about other members' streams: " + run.describe());

    JsonObject view = r.getJsonObject("view");
    assertTrue(view.getBoolean("viewEvent"), run::describe);
    assertTrue(view.getBoolean("muted"), () -> "muted-start fallback: " + run.describe());
    assertFalse(view.getBoolean("paused"), run::describe);
    assertTrue(view.getInteger("videoWidth") > 0, run::describe);
    assertEquals(0, view.getInteger("afterStop"), run::describe);
    assertEquals(1, r.getInteger("engineAutoplayFailed"), run::describe);

    // the switch and the new settings never interrupted the stream
    assertEquals(
        new JsonArray().add("PLAY_REQUESTING").add("PLAYING"),
        r.getJsonArray("bobPlayerStates"),
        run::describe);
    assertEquals(
        new JsonArray().add("PUBLISH_REQUESTING").add("PUBLISHING"),
        r.getJsonArray("alicePublisherStates"),
        run::describe);
    assertEquals(0, r.getInteger("bobStreamDeletes"), run::describe);
    assertEquals(
        0,
        r.getInteger("deviceErrors"),
        () -> "the old camera's stop is no device error: " + run.describe());
    JsonObject plug = r.getJsonObject("plug");
    assertEquals(
        new JsonArray()
            .add(
                new JsonArray()
                    .add("ADD")
                    .add(
                        new JsonObject()
                            .put("deviceName", "USB camera")
                            .put("deviceID", "usb-cam-1")))
            .add(
                new JsonArray()
                    .add("DELETE")
                    .add(
                        new JsonObject()
                            .put("deviceName", "fake_device_1")
                            .put("deviceID", cameras.getJsonObject(1).getString("deviceID")))),
        plug.getJsonArray("video"),
        run::describe);
    assertEquals(0, plug.getJsonArray("audio").size(), run::describe);
    JsonArray ended = r.getJsonArray("deviceErrorOnEnded");
    assertEquals(1, ended.size(), run::describe);
    assertEquals(
        1_900_010,
        ended.getJsonArray(0).getInteger(0),
        () -> "DEVICE_DISCONNECTED: " + run.describe());
    assertEquals(mic.getString("wanted"), ended.getJsonArray(0).getString(1), run::describe);
    assertEquals(
        new JsonArray().add(true).add(new JsonArray().add(false)).add(false),
        r.getJsonArray("playMute"),
        run::describe);
  }
}
