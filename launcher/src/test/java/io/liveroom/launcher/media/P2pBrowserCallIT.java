package io.liveroom.launcher.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.testing.browser.BrowserScenarioRunner;
import io.liveroom.infra.testing.browser.NetNs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The browser harness end to end, without the SFU: real headless Chromium (fake camera and mic) and
 * a liveroom node, all inside a network namespace the test makes. Two pages in separate browser
 * contexts log into a p2p room over the gateway's WebSocket and call each other; the gateway relays
 * offer, answer and candidates. Media must really flow: each side decodes video frames and receives
 * audio packets, over a candidate pair on the namespace's 10.99.0.x addresses.
 */
class P2pBrowserCallIT {
  private static final Pattern CANDIDATE_ADDRESS =
      Pattern.compile("^candidate:\\S+ \\d+ \\S+ \\d+ (\\S+) ");

  @Test
  void twoBrowsersCallEachOtherThroughTheGatewaysP2pRelay() {
    var run =
        BrowserScenarioRunner.run(
            P2pCallScenario.class,
            new JsonObject().put("room", "browser-call"),
            Duration.ofSeconds(90));
    System.out.println("P2pBrowserCallIT: " + run.describe());
    JsonObject bob = run.value().getJsonObject("bob");
    JsonObject alice = run.value().getJsonObject("alice");

    assertEquals("p2p", bob.getJsonObject("login").getString("mode"), run::describe);
    assertTrue(bob.getJsonObject("login").getBoolean("secureContext"), run::describe);
    assertEquals(
        new JsonArray().add("bob"),
        alice.getJsonObject("login").getJsonArray("userList"),
        run::describe);
    for (JsonObject side : new JsonObject[] {bob, alice}) {
      JsonArray tracks = side.getJsonObject("media").getJsonArray("tracks");
      assertTrue(
          tracks.stream()
              .map(JsonObject.class::cast)
              .anyMatch(
                  t ->
                      "video".equals(t.getString("kind"))
                          && "live".equals(t.getString("readyState"))),
          () -> "getUserMedia gave no live video track: " + run.describe());
    }
    assertEquals(
        new JsonArray().add("bob"),
        alice.getJsonObject("call").getJsonArray("deliveredTo"),
        run::describe);

    JsonObject callee = bob.getJsonObject("stats");
    JsonObject caller = alice.getJsonObject("stats");
    for (JsonObject stats : new JsonObject[] {callee, caller}) {
      assertEquals("connected", stats.getString("connectionState"), run::describe);
      assertTrue(stats.getJsonObject("video").getLong("framesDecoded") > 0, run::describe);
      assertTrue(stats.getJsonObject("video").getLong("frameWidth") > 0, run::describe);
      assertTrue(stats.getJsonObject("audio").getLong("packetsReceived") > 0, run::describe);
      assertTrue(stats.getJsonArray("errors").isEmpty(), run::describe);
      JsonObject pair = stats.getJsonObject("pair");
      assertTrue(pair != null && "succeeded".equals(pair.getString("state")), run::describe);
      assertTrue(inNamespace(pair.getJsonObject("local").getString("address")), run::describe);
      assertTrue(inNamespace(pair.getJsonObject("remote").getString("address")), run::describe);
      for (Object candidate : stats.getJsonArray("localCandidates")) {
        Matcher m = CANDIDATE_ADDRESS.matcher((String) candidate);
        assertTrue(
            m.find() && inNamespace(m.group(1)),
            () -> "a candidate outside the namespace: " + candidate);
      }
    }
    // every signal went through the gateway's p2p relay
    assertTrue(callee.getJsonObject("signalsIn").getInteger("offer", 0) == 1, run::describe);
    assertTrue(callee.getJsonObject("signalsIn").getInteger("candidate", 0) > 0, run::describe);
    assertTrue(caller.getJsonObject("signalsIn").getInteger("answer", 0) == 1, run::describe);
    assertTrue(caller.getJsonObject("signalsIn").getInteger("candidate", 0) > 0, run::describe);
    assertTrue(Files.isRegularFile(run.artifacts().resolve("bob-callee.png")), run::describe);
    assertTrue(run.elapsed().toSeconds() < 90, run::describe);
  }

  private static boolean inNamespace(String address) {
    return address != null
        && (address.startsWith(NetNs.HOST_A.substring(0, NetNs.HOST_A.lastIndexOf('.') + 1)));
  }
}
