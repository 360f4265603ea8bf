package io.liveroom.launcher.media;

import static io.liveroom.launcher.harness.Scenarios.ms;

import io.liveroom.infra.testing.browser.BrowserDriver;
import io.liveroom.infra.testing.browser.BrowserScenario;
import io.liveroom.infra.testing.browser.Cdp;
import io.liveroom.infra.testing.browser.Chromium;
import io.liveroom.infra.testing.browser.NetNs;
import io.liveroom.infra.testing.browser.Page;
import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.Scenarios;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Runs inside the test's network namespace (see {@link CascadeSimulcastBrowserIT}): two clustered
 * nodes in this JVM over a real Redis, each media node capped at one player, the gateway asking
 * publishers for 2 simulcast layers. alice publishes her fake camera (640x480) from Chromium; bob
 * plays {@code high} on the origin; carol plays {@code low} and is placed on the edge. Returns what
 * they decode and each node's {@code liveroom_media_relay_layers} for its link (the edge should ask
 * for, and the origin relay, the one layer carol uses).
 */
public final class CascadeSimulcastScenario implements BrowserScenario {
  private static final Duration POLL = Duration.ofMillis(250);

  @Override
  public JsonObject run(BrowserDriver driver) throws Exception {
    long t0 = System.nanoTime();
    RunningNode[] nodes =
        CascadeBrowserScenario.twoNodes(
            driver, "cascade-simulcast", Map.of("gateway.simulcastLayers", "2"));
    RunningNode a = nodes[0];
    RunningNode b = nodes[1];
    String origin = Scenarios.origin(a);
    Cdp browser = driver.chromium(Chromium.Options.defaults().secureOrigin(origin));
    Duration step = driver.budget(Duration.ofSeconds(20));
    Duration media = driver.budget(Duration.ofSeconds(40));
    JsonObject out = new JsonObject();
    Page alice = SimulcastSdkScenario.page(browser, "alice", origin, step);
    alice.waitFor(
        "fetch('/v1/nodes', {headers: {Authorization: 'Bearer liveroom-dev-admin-secret'}})"
            + ".then(r => r.json()).then(j => j.nodes && j.nodes.length === 2 ? j : null)",
        media,
        Duration.ofMillis(500));
    Page bob = SimulcastSdkScenario.page(browser, "bob", origin, step);
    Page carol = SimulcastSdkScenario.page(browser, "carol", origin, step);
    for (Page p : new Page[] {alice, bob, carol}) {
      p.evaluate("t.login('cascade-sim-room', '" + p.name() + "')", step);
    }
    out.put("publish", alice.evaluate("t.publish('alice-cam')", step));
    out.put(
        "publishing",
        alice.waitFor(
            "t.first('publisherStateUpdate', r => r.state === 'PUBLISHING')", media, POLL));
    for (Page p : new Page[] {bob, carol}) {
      p.waitFor(
          "t.first('roomStreamUpdate', (r, type, list) => type === 'ADD'"
              + " && list.some(s => s.streamID === 'alice-cam'))",
          step,
          POLL);
    }
    out.put("bobPlay", bob.evaluate("t.play('alice-cam', {videoLayer: 'high'})", step));
    out.put(
        "bob",
        bob.waitFor(
            "t.received('alice-cam').then(s => s.framesDecoded > 30 && s.frameWidth >= 600"
                + " ? s : null)",
            media,
            POLL));
    out.put("carolPlay", carol.evaluate("t.play('alice-cam', {videoLayer: 'low'})", step));
    out.put(
        "carol",
        carol.waitFor(
            "t.received('alice-cam').then(s => s.framesDecoded > 30 && s.frameWidth > 0"
                + " && s.frameWidth <= 400 ? s : null)",
            media,
            POLL));
    out.put("carolDecodingMs", ms(t0));
    out.put(
        "room",
        alice.waitFor(
            "fetch('/v1/rooms/cascade-sim-room', {headers: {Authorization: 'Bearer"
                + " liveroom-dev-admin-secret'}}).then(r => r.json()).then(j => j.cascade"
                + " && j.cascade.edges.length === 1 && j.cascade.edges[0].players === 1 ? j : null)",
            step,
            Duration.ofMillis(500)));
    // placement chose the origin (either node): each node's meter is read in the role it has
    String originId =
        out.getJsonObject("room")
            .getJsonObject("cascade")
            .getJsonObject("origin")
            .getString("nodeID");
    RunningNode originNode = a.node().id().equals(originId) ? a : b;
    RunningNode edgeNode = originNode == a ? b : a;
    out.put("edgeLayers", relayLayers(edgeNode, "edge"));
    out.put("originLayers", relayLayers(originNode, "origin"));
    Thread.sleep(3000);
    out.put("carolLater", carol.evaluateObject("t.received('alice-cam')", step));
    out.put("edgeLayersLater", relayLayers(edgeNode, "edge"));
    out.put("originLayersLater", relayLayers(originNode, "origin"));
    return out.put("scenarioMs", ms(t0));
  }

  /** The node's {@code liveroom_media_relay_layers} summed over its links of {@code role}. */
  private static double relayLayers(RunningNode node, String role) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://" + NetNs.HOST_A + ":" + node.httpPort() + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    double sum = -1;
    for (String line : r.body().split("\n")) {
      if (line.startsWith("liveroom_media_relay_layers{")
          && line.contains("role=\"" + role + "\"")) {
        sum = Math.max(sum, 0) + Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
