package io.liveroom.launcher.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.testing.browser.BrowserScenarioRunner;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * HTTPS at the node in real headless Chromium, on a non-localhost address inside a network
 * namespace the test makes ({@link TlsCallScenario}): over https the demo page is a secure context,
 * gets the camera, and two tabs see each other's video through WSS signaling; the same page over
 * plain http on such an address gets no camera at all (what makes TLS necessary outside localhost).
 */
class HttpsBrowserCallIT {
  @Test
  void theDemoPageCallsOverHttpsAndGetsNoCameraOverPlainHttp() {
    var run =
        BrowserScenarioRunner.run(TlsCallScenario.class, new JsonObject(), Duration.ofSeconds(90));
    System.out.println("HttpsBrowserCallIT: " + run.describe());
    JsonObject r = run.value();
    JsonObject secure = r.getJsonObject("aliceContext");
    assertEquals("https:", secure.getString("protocol"), run::describe);
    assertTrue(secure.getBoolean("secure"), run::describe);
    assertEquals("object", secure.getString("mediaDevices"), run::describe);
    for (String side : new String[] {"alice", "bob"}) {
      JsonObject page = r.getJsonObject(side);
      assertEquals(2, page.getInteger("tiles"), run::describe);
      assertTrue(page.getInteger("remoteVideoWidth") > 0, run::describe);
      assertEquals(2, page.getInteger("members"), run::describe);
    }
    JsonObject plain = r.getJsonObject("plainContext");
    assertEquals("http:", plain.getString("protocol"), run::describe);
    assertEquals(Boolean.FALSE, plain.getBoolean("secure"), run::describe);
    assertEquals("undefined", plain.getString("mediaDevices"), run::describe);
    assertNotEquals("granted", plain.getString("camera"), run::describe);
  }
}
