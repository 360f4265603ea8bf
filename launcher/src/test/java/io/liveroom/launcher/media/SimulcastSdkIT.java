package io.liveroom.launcher.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.testing.browser.BrowserScenarioRunner;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Simulcast through the SDK in real headless Chromium: see {@link SimulcastSdkScenario}. */
class SimulcastSdkIT {
  @Test
  void playersGetTheLayerTheyAskFor() {
    var run =
        BrowserScenarioRunner.run(
            SimulcastSdkScenario.class, new JsonObject(), Duration.ofSeconds(150));
    System.out.println("SimulcastSdkIT: " + run.describe());
    JsonObject r = run.value();
    assertEquals("TypeError", r.getValue("badLayer"), run::describe);
    assertEquals(Boolean.FALSE, r.getValue("badSimulcast"), run::describe);
    assertEquals(Boolean.TRUE, r.getValue("publish"), run::describe);
    assertEquals(
        2,
        ((Number) r.getValue("roomLayers")).intValue(),
        "gateway.simulcastLayers in the login reply " + run.describe());
    assertEquals("1,2,3,2", r.getValue("appWins"), run::describe);
    JsonObject layers = r.getJsonObject("layers");
    assertEquals(640, layers.getInteger("f"), run::describe);
    assertEquals(320, layers.getInteger("h"), run::describe);
    assertEquals(
        640,
        r.getJsonObject("bobLater").getInteger("frameWidth"),
        "'high': the full layer " + run.describe());
    assertEquals(
        320,
        r.getJsonObject("carolLater").getInteger("frameWidth"),
        "'low': the half layer " + run.describe());
    assertTrue(
        r.getJsonObject("carolLater").getLong("framesDecoded")
            > r.getJsonObject("carol").getLong("framesDecoded"),
        run::describe);
  }
}
