package io.liveroom.launcher.media;

import static io.liveroom.launcher.harness.Scenarios.ms;
import static io.liveroom.launcher.harness.Scenarios.sfuPage;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.testing.RedisServer;
import io.liveroom.infra.testing.RedisServerExtension;
import io.liveroom.infra.testing.browser.BrowserDriver;
import io.liveroom.infra.testing.browser.BrowserScenario;
import io.liveroom.infra.testing.browser.Cdp;
import io.liveroom.infra.testing.browser.Chromium;
import io.liveroom.infra.testing.browser.NetNs;
import io.liveroom.infra.testing.browser.Page;
import io.liveroom.launcher.Launcher;
import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.NodeProcess;
import io.liveroom.launcher.harness.Scenarios;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs inside the test's network namespace (see {@link CascadeBrowserIT}): two clustered nodes in
 * this JVM over a real Redis (the first with every role, the second a media node only), each media
 * node capped at one player. alice publishes from Chromium; bob plays on the room's origin; carol,
 * one player too many for it, is placed on the other node, an edge that relays the stream from the
 * origin, and her Chromium decodes the video. Returns the pages' stats and the room's cascade.
 */
public final class CascadeBrowserScenario implements BrowserScenario {
  private static final String ADMIN =
      "{headers: {Authorization: 'Bearer liveroom-dev-admin-secret'}}";

  private static String decoding(String stream) {
    return "lr.stats('play:"
        + stream
        + "').then(s => s.video && s.video.framesDecoded > 0 && s.video.frameWidth > 0 ? s : null)";
  }

  @Override
  public JsonObject run(BrowserDriver driver) throws Exception {
    long t0 = System.nanoTime();
    RunningNode[] nodes = twoNodes(driver, "cascade-browser", Map.of());
    RunningNode a = nodes[0];
    RunningNode b = nodes[1];
    String origin = Scenarios.origin(a);
    Cdp browser = driver.chromium(Chromium.Options.defaults().secureOrigin(origin));
    Duration step = driver.budget(Duration.ofSeconds(20));
    Page alice = sfuPage(browser, "alice", origin, step);
    JsonObject out = new JsonObject();
    out.put(
        "nodes",
        alice.waitFor(
            "fetch('/v1/nodes', "
                + ADMIN
                + ").then(r => r.json()).then(j => j.nodes && j.nodes.length === 2 ? j : null)",
            driver.budget(Duration.ofSeconds(40)),
            Duration.ofMillis(500)));
    alice.evaluateObject("lr.login('cascade-room', 'alice')", step);
    out.put("publish", alice.evaluateObject("lr.publish('alice-cam')", step));
    out.put(
        "publishing",
        alice.waitFor(
            "lr.pushes('publisherStateUpdate').find(p => p.state === 'PUBLISHING') || null",
            driver.budget(Duration.ofSeconds(30)),
            Duration.ofMillis(200)));
    Page bob = sfuPage(browser, "bob", origin, step);
    bob.evaluateObject("lr.login('cascade-room', 'bob')", step);
    out.put("bobPlay", bob.evaluateObject("lr.play('alice-cam')", step));
    out.put(
        "bobStats",
        bob.waitFor(
            decoding("alice-cam"), driver.budget(Duration.ofSeconds(40)), Duration.ofMillis(250)));
    Page carol = sfuPage(browser, "carol", origin, step);
    carol.evaluateObject("lr.login('cascade-room', 'carol')", step);
    out.put("carolPlay", carol.evaluateObject("lr.play('alice-cam')", step));
    out.put(
        "carolStats",
        carol.waitFor(
            decoding("alice-cam"), driver.budget(Duration.ofSeconds(40)), Duration.ofMillis(250)));
    out.put("carolDecodingMs", ms(t0));
    carol.screenshot(driver.artifacts().resolve("cascade-carol-on-edge.png"));
    out.put(
        "room",
        alice.waitFor(
            "fetch('/v1/rooms/cascade-room', "
                + ADMIN
                + ").then(r => r.json()).then(j => j.cascade && j.cascade.edges.length === 1"
                + " && j.cascade.edges[0].players === 1 && j.cascade.origin.players === 1 ? j : null)",
            driver.budget(Duration.ofSeconds(20)),
            Duration.ofMillis(500)));
    out.put("nodeB", b.node().id());
    return out.put("scenarioMs", ms(t0));
  }

  /**
   * A real Redis and a two-node cascade cluster over it: node 0 runs every role (the origin), node
   * 1 media only (the edge); {@code extra} settings go to both.
   */
  static RunningNode[] twoNodes(BrowserDriver driver, String cluster, Map<String, String> extra)
      throws Exception {
    RedisServerExtension redis = new RedisServerExtension();
    redis.beforeAll(null);
    driver.closeLater(() -> redis.afterAll(null));
    RedisServer server = redis.server();
    int hzA = NodeProcess.freePort();
    int hzB = NodeProcess.freePort();
    RunningNode a =
        start(
            driver,
            server,
            cluster,
            extra,
            "media-a",
            "gateway,room,presence,chat,media",
            hzA,
            hzB,
            hzA);
    RunningNode b = start(driver, server, cluster, extra, "media-b", "media", hzB, hzA, hzB);
    return new RunningNode[] {a, b};
  }

  /**
   * One node of a two-node cascade cluster on {@code NetNs.HOST_A} (media capped at one player),
   * with {@code extra} settings on top.
   */
  private static RunningNode start(
      BrowserDriver driver,
      RedisServer redis,
      String cluster,
      Map<String, String> extra,
      String id,
      String roles,
      int port,
      int other,
      int self)
      throws Exception {
    Map<String, String> all = new HashMap<>();
    all.put("node.id", id);
    all.put("node.roles", roles);
    all.put("node.httpHost", NetNs.HOST_A);
    all.put("node.httpPort", "0");
    all.put("auth.devMode", "true");
    all.put("cluster.enabled", "true");
    all.put("cluster.name", cluster);
    all.put("cluster.host", "127.0.0.1");
    all.put("cluster.port", Integer.toString(self));
    all.put("cluster.members", "127.0.0.1:" + port + ",127.0.0.1:" + other);
    all.put("store.type", "redis");
    all.put("store.redisUrl", redis.url());
    all.put("media.bindAddress", NetNs.HOST_A);
    all.put("media.advertisedAddresses", NetNs.HOST_A);
    all.put("media.port", "0");
    all.put("media.tcpEnabled", "false");
    all.put("media.maxPlayers", "1");
    all.putAll(extra);
    RunningNode node = Launcher.start(Config.of(all)).await(60, TimeUnit.SECONDS);
    driver.closeLater(() -> node.stop().await(20, TimeUnit.SECONDS));
    return node;
  }
}
