package io.liveroom.launcher.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.testing.browser.BrowserScenarioRunner;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Simulcast over the cascade with real Chromium: a 2-layer publisher on the origin, a {@code high}
 * player there and a {@code low} player on an edge, which decodes the half-size layer while the
 * link relays that layer only. See {@link CascadeSimulcastScenario}.
 */
class CascadeSimulcastBrowserIT {
  @Test
  void anEdgeAsksItsOriginOnlyForTheLayerItsPlayerUses() {
    var run =
        BrowserScenarioRunner.run(
            CascadeSimulcastScenario.class, new JsonObject(), Duration.ofSeconds(180));
    System.out.println("CascadeSimulcastBrowserIT: " + run.describe());
    JsonObject r = run.value();
    JsonObject cascade = r.getJsonObject("room").getJsonObject("cascade");
    assertNotEquals(
        cascade.getJsonObject("origin").getString("nodeID"),
        cascade.getJsonArray("edges").getJsonObject(0).getString("nodeID"),
        run::describe);
    assertTrue(r.getJsonObject("bob").getLong("frameWidth") >= 600, run::describe);
    JsonObject carol = r.getJsonObject("carolLater");
    assertTrue(
        carol.getLong("frameWidth") > 0 && carol.getLong("frameWidth") <= 400, run::describe);
    assertTrue(
        carol.getLong("framesDecoded") > r.getJsonObject("carol").getLong("framesDecoded"),
        () -> "carol keeps decoding on the edge " + run.describe());
    for (String k :
        new String[] {"edgeLayers", "originLayers", "edgeLayersLater", "originLayersLater"}) {
      assertEquals(
          1.0, r.getDouble(k), k + ": one of the two layers crosses the link " + run.describe());
    }
  }
}
