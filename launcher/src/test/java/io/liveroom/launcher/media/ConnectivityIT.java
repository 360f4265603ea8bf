package io.liveroom.launcher.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.testing.browser.BrowserScenarioRunner;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Media that survives real networks, in real headless Chromium through the SDK (see {@link
 * ConnectivityScenario}, one run for all three): ICE restart after a player's address changes,
 * ICE-TCP when UDP is blocked, audio levels read at the node. Needs root (network namespace) and
 * nft (Debian nftables).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectivityIT {
  private BrowserScenarioRunner.Result run;
  private JsonObject r;

  @BeforeAll
  void runScenario() {
    JsonObject args =
        new JsonObject()
            .put("skipAudioLevels", "true".equals(System.getenv("LIVEROOM_SKIP_AUDIO_LEVELS")));
    run = BrowserScenarioRunner.run(ConnectivityScenario.class, args, Duration.ofSeconds(150));
    r = run.value();
    System.out.println("ConnectivityIT: " + run.describe());
  }

  @Test
  void aPlayerWhoseAddressChangesRecoversByIceRestartOnTheSamePeer() {
    JsonObject restarted = r.getJsonArray("bobRestarted").getJsonObject(0);
    assertEquals("RESTARTED", restarted.getString("state"), run::describe);
    long sinceDisconnected = restarted.getLong("durationMs");
    JsonObject resumed = r.getJsonObject("bobResumed");
    long recovered = resumed.getLong("resumedMs");
    System.out.println(
        "ICE restart: frames stalled "
            + resumed.getLong("stalledMs")
            + " ms after the cut, restart "
            + restarted.getLong("restartMs")
            + " ms from offer to connected, "
            + sinceDisconnected
            + " ms from the last received byte (or ICE disconnected) to connected, frames again "
            + recovered
            + " ms after the cut");
    assertTrue(
        sinceDisconnected < 5_000,
        () -> "dead path noticed -> connected again in < 5 s: " + run.describe());
    assertTrue(
        recovered < 10_000, () -> "video decodes again < 10 s after the cut: " + run.describe());
    assertTrue(
        r.getJsonObject("bobDecodesAfterRestart").getLong("framesDecoded")
            > r.getJsonObject("bobAfter").getLong("framesDecoded"),
        run::describe);
    assertNotEquals(
        r.getJsonObject("bobBefore").getJsonObject("pair").getInteger("localPort"),
        r.getJsonObject("bobAfter").getJsonObject("pair").getInteger("localPort"),
        () -> "a new pair: " + run.describe());
    // the same peer connection and media-node peer: no replay (one PLAY_REQUESTING), no NO_PLAY
    assertEquals(
        new JsonArray().add("PLAY_REQUESTING").add("PLAYING"),
        r.getJsonArray("bobPlayerStates"),
        run::describe);
    assertEquals(
        new JsonArray().add("PUBLISH_REQUESTING").add("PUBLISHING"),
        r.getJsonArray("alicePublisherStates"),
        run::describe);
  }

  @Test
  void aPublisherWhoseAddressChangesRecoversByIceRestartAndItsPlayersStay() {
    JsonObject restarted = r.getJsonArray("aliceRestarted").getJsonObject(0);
    System.out.println(
        "publisher ICE restart: RESTARTED "
            + r.getLong("aliceRestartedAfterCutMs")
            + " ms after the cut ("
            + restarted.getLong("durationMs")
            + " ms since the last packet, "
            + restarted.getLong("restartMs")
            + " ms from offer to connected); the player decoded 60 more frames "
            + r.getLong("bobFramesAgainAfterAliceCutMs")
            + " ms after the cut");
    assertEquals("RESTARTED", restarted.getString("state"), run::describe);
    assertTrue(restarted.getLong("durationMs") < 5_000, run::describe);
    assertEquals(
        new JsonArray().add("PUBLISH_REQUESTING").add("PUBLISHING"),
        r.getJsonArray("alicePublisherStatesAfterRestart"),
        () -> "no republish: " + run.describe());
    assertEquals(
        new JsonArray().add("PLAY_REQUESTING").add("PLAYING"),
        r.getJsonArray("bobPlayerStatesAfterAliceRestart"),
        () -> "the player kept its peer: " + run.describe());
    assertNotNull(r.getValue("bobDecodesAfterAliceRestart"), run::describe);
  }

  @Test
  void aClientWithUdpBlockedConnectsOverIceTcp() {
    JsonObject carol = r.getJsonObject("carolReceives");
    System.out.println(
        "ICE-TCP: carol's first decoded frame "
            + r.getLong("carolFirstFrameMs")
            + " ms after play, PLAYING "
            + r.getValue("carolConnectedMs")
            + " ms; pair "
            + carol.getJsonObject("pair"));
    assertEquals("tcp", carol.getJsonObject("pair").getString("protocol"), run::describe);
    assertEquals(
        ConnectivityScenario.TCP_PORT,
        carol.getJsonObject("pair").getInteger("remotePort"),
        run::describe);
    assertTrue(
        carol.getLong("framesDecoded") > 0 && carol.getLong("audioPackets") > 0, run::describe);
    assertEquals(
        "udp",
        r.getJsonObject("bobStillReceives").getJsonObject("pair").getString("protocol"),
        run::describe);
  }

  @Test
  void playersGetThePublishersSoundLevelFromTheNode() {
    JsonObject levels = r.getJsonObject("soundLevels");
    assertNotNull(levels, run::describe);
    System.out.println(
        "soundLevelUpdate: "
            + levels.getInteger("count")
            + " events with a level (max "
            + levels.getInteger("max")
            + "), first "
            + levels.getJsonArray("first")
            + ", gaps (ms) "
            + levels.getJsonArray("gaps"));
    assertTrue(
        levels.getJsonArray("first").getJsonObject(0).getDouble("soundLevel") > 0, run::describe);
    assertTrue(levels.getInteger("max") <= 100, run::describe);
    assertEquals(
        new JsonArray().add("net-room").add("alice-cam"),
        r.getJsonArray("activeSpeakers").getJsonArray(0),
        () -> "alice's beep makes her stream the room's active speaker: " + run.describe());
    for (Object gap : levels.getJsonArray("gaps")) {
      assertTrue(
          ((Number) gap).longValue() >= 150,
          () -> "at most one update per 200 ms: " + run.describe());
    }
  }
}
