package io.liveroom.launcher.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.testing.browser.BrowserScenarioRunner;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The cascade with real Chromium (docs/architecture.md, "Cascade"): a player placed on an edge
 * media node decodes the video a Chromium publisher sends to the room's origin, relayed between the
 * nodes. See {@link CascadeBrowserScenario}.
 */
class CascadeBrowserIT {
  @Test
  void aChromiumPlayerOnAnEdgeDecodesVideoFromAChromiumPublisherOnTheOrigin() {
    var run =
        BrowserScenarioRunner.run(
            CascadeBrowserScenario.class, new JsonObject(), Duration.ofSeconds(180));
    System.out.println(
        "CascadeBrowserIT: carol decoding after " + run.value().getLong("carolDecodingMs") + " ms");
    JsonObject r = run.value();
    JsonObject cascade = r.getJsonObject("room").getJsonObject("cascade");
    String origin = cascade.getJsonObject("origin").getString("nodeID");
    String edge = cascade.getJsonArray("edges").getJsonObject(0).getString("nodeID");
    assertNotEquals(origin, edge, run::describe);
    assertEquals(1, cascade.getJsonObject("origin").getInteger("players"), run::describe);
    assertEquals(
        1, cascade.getJsonArray("edges").getJsonObject(0).getInteger("players"), run::describe);
    for (String player : new String[] {"bobStats", "carolStats"}) {
      JsonObject video = r.getJsonObject(player).getJsonObject("video");
      assertTrue(video.getLong("framesDecoded") > 0, run::describe);
      assertTrue(video.getLong("frameWidth") > 0, run::describe);
    }
  }
}
