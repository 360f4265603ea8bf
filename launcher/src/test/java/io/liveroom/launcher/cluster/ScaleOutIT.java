package io.liveroom.launcher.cluster;

import static io.liveroom.launcher.cluster.ScaleOutCluster.mediaNodes;
import static io.liveroom.launcher.cluster.ScaleOutCluster.roomNode;
import static io.liveroom.launcher.cluster.ScaleOutCluster.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.MediaSession;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestCluster;
import io.liveroom.media.engine.MediaTestPeer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scale-out on a multi-process cluster from the jar (127.0.0.1, real Redis): 2 gateways, 2 media
 * nodes (a third joins for the drain), room + presence + chat. Rooms spread over the media nodes
 * within capacity; 50 racing first publishes of one room from both gateways place it once; a killed
 * node's room moves and media flows again (the Java WebRTC client acts as the SDK does); a draining
 * node takes no new room and hands its room over.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {
  @RegisterExtension
  static final TestCluster CLUSTER =
      TestCluster.named("scale")
          .common("--cluster-host", "127.0.0.1", "--set", "node.shutdownTimeoutMs=30000")
          .node(
              "services",
              "room,presence,chat",
              "--set",
              "room.placementCheckMs=500",
              "--set",
              "room.placementLeaseMs=3000")
          .node("media-1", "media", ScaleOutCluster.mediaArgs())
          .node("media-2", "media", ScaleOutCluster.mediaArgs())
          .spare("media-3")
          .node("gw-1", "gateway")
          .node("gw-2", "gateway")
          .readyWithin(Duration.ofSeconds(120));

  private static int gw1;
  private static int gw2;

  @BeforeAll
  static void startCluster() {
    gw1 = CLUSTER.node("gw-1").httpPort;
    gw2 = CLUSTER.node("gw-2").httpPort;
    until(
        Duration.ofSeconds(60),
        () -> safeNodes(gw1).keySet(),
        ids -> ids.containsAll(Set.of("media-1", "media-2")),
        "both media nodes in GET /v1/nodes");
  }

  private static Map<String, JsonObject> safeNodes(int port) {
    try {
      return mediaNodes(port);
    } catch (AssertionError e) { // room-service not yet reachable over the cluster
      return Map.of();
    }
  }

  private static TestClient member(int port, String room, String user) {
    TestClient c = TestClient.connect(CLUSTER.vertx(), port);
    JsonObject login = c.login(room, user, false);
    assertTrue(login.getBoolean("ok"), login::encode);
    return c;
  }

  private static JsonObject publish(TestClient c, String room, String stream, String offer) {
    return c.request(
        "startPublishingStream",
        new JsonObject().put("roomID", room).put("streamID", stream).put("sdp", offer));
  }

  private static void awaitNoRooms() {
    until(
        Duration.ofSeconds(30),
        () -> mediaNodes(gw1).values().stream().mapToInt(n -> n.getJsonArray("rooms").size()).sum(),
        n -> n == 0,
        "earlier placements to lapse");
  }

  @Test
  @Order(1)
  void twentyRoomsSpreadOverBothNodesWithinCapacity() {
    List<TestClient> clients = new ArrayList<>();
    try (MediaTestPeer offers = MediaTestPeer.create()) {
      for (int i = 0; i < 20; i++) {
        TestClient c = member(i % 2 == 0 ? gw1 : gw2, "spread-" + i, "u" + i);
        clients.add(c);
        JsonObject r = publish(c, "spread-" + i, "spread-cam-" + i, offers.publishOffer());
        assertTrue(r.getBoolean("ok"), r::encode);
      }
      Map<String, Integer> perNode = new HashMap<>();
      mediaNodes(gw2).forEach((id, n) -> perNode.put(id, n.getJsonArray("rooms").size()));
      System.out.println("ScaleOutIT placement spread of 20 rooms: " + perNode);
      assertEquals(
          20, perNode.values().stream().mapToInt(Integer::intValue).sum(), perNode::toString);
      perNode
          .values()
          .forEach(n -> assertTrue(n > 0 && n <= ScaleOutCluster.MAX_STREAMS, perNode::toString));
      for (int i = 0; i < 20; i++) {
        assertTrue(
            perNode.containsKey(roomNode(gw1, "spread-" + i)),
            "spread-" + i + " is on a live node");
      }
    } finally {
      clients.forEach(
          c -> {
            c.request("logoutRoom", new JsonObject());
            c.close();
          });
    }
  }

  @Test
  @Order(2)
  void fiftyConcurrentFirstPublishesOfOneRoomFromBothGatewaysPlaceItOnce() throws Exception {
    awaitNoRooms();
    List<TestClient> clients = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try (MediaTestPeer offers = MediaTestPeer.create()) {
      String offer = offers.publishOffer();
      for (int i = 0; i < 50; i++) {
        clients.add(member(i % 2 == 0 ? gw1 : gw2, "hot-room", "racer-" + i));
      }
      List<CompletableFuture<JsonObject>> replies = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        TestClient c = clients.get(i);
        String stream = "hot-cam-" + i;
        replies.add(
            CompletableFuture.supplyAsync(() -> publish(c, "hot-room", stream, offer), pool));
      }
      for (CompletableFuture<JsonObject> r : replies) {
        assertTrue(r.join().getBoolean("ok"), () -> r.join().encode());
      }
      Set<String> streamNodes = new HashSet<>();
      for (int i = 0; i < 50; i++) {
        streamNodes.add(
            new JsonObject(
                    CLUSTER
                        .redisServer()
                        .command("HGET", "liveroom:{room:hot-room}:streams", "hot-cam-" + i))
                .getString("nodeId"));
      }
      String placed = roomNode(gw2, "hot-room");
      assertEquals(Set.of(placed), streamNodes, "all 50 streams on the room's one node");
      long holders =
          mediaNodes(gw1).values().stream()
              .filter(n -> n.getJsonArray("rooms").contains("hot-room"))
              .count();
      assertEquals(1, holders, "exactly one placement");
    } finally {
      pool.shutdownNow();
      clients.forEach(
          c -> {
            c.request("logoutRoom", new JsonObject());
            c.close();
          });
    }
  }

  @Test
  @Order(3)
  void aKilledNodesRoomMovesAndMediaFlowsAgainWithoutUserAction() throws Exception {
    awaitNoRooms();
    try (TestClient alice = member(gw1, "fo-room", "alice");
        TestClient bob = member(gw2, "fo-room", "bob");
        MediaSession call = MediaSession.start(alice, bob, "fo-room", "fo-cam")) {
      String before = roomNode(gw1, "fo-room");
      String survivor = before.equals("media-1") ? "media-2" : "media-1";
      long killedAt = System.nanoTime();
      CLUSTER.node(before).kill();
      assertEquals(
          survivor,
          until(
              Duration.ofSeconds(15),
              () -> roomNode(gw2, "fo-room"),
              survivor::equals,
              "fo-room on the surviving node"));
      long movedMs = (System.nanoTime() - killedAt) / 1_000_000;
      JsonObject lost =
          alice.awaitPush(
              p ->
                  "publisherStateUpdate".equals(p.getString("event"))
                      && "NO_PUBLISH".equals(p.getString("state")),
              "NO_PUBLISH at the publisher");
      assertEquals(ErrorCode.MEDIA_NODE_LOST.code(), lost.getInteger("errorCode"));
      assertEquals(
          "DELETE",
          bob.awaitEvent("roomStreamUpdate", "fo-room").getString("updateType"),
          "the room sees the gap");
      assertEquals(
          ErrorCode.MEDIA_NODE_LOST.code(),
          bob.awaitPush(
                  p ->
                      "playerStateUpdate".equals(p.getString("event"))
                          && "NO_PLAY".equals(p.getString("state")),
                  "NO_PLAY at the player")
              .getInteger("errorCode"));
      assertEquals(survivor, bob.awaitEvent("mediaNodeChanged", "fo-room").getString("nodeID"));
      call.republishAndReplay(); // what the SDK does on MEDIA_NODE_LOST
      long flowingMs = (System.nanoTime() - killedAt) / 1_000_000;
      System.out.println(
          "ScaleOutIT failover: room moved "
              + movedMs
              + " ms after kill -9 (media lease "
              + ScaleOutCluster.MEDIA_LEASE_MS
              + " ms), media flowing again after "
              + flowingMs
              + " ms");
      assertEquals(
          1, Admin.get(gw1, "/v1/rooms/fo-room").getJsonObject("mediaNode").getInteger("moves"));
      assertEquals(Set.of(survivor), mediaNodes(gw1).keySet(), "the dead node left the registry");
    }
  }

  @Test
  @Order(4)
  void aDrainingNodeTakesNoNewRoomAndHandsItsRoomOver() throws Exception {
    awaitNoRooms();
    String draining = mediaNodes(gw1).keySet().iterator().next(); // the one node left
    try (TestClient alice = member(gw2, "drain-room", "alice");
        TestClient bob = member(gw1, "drain-room", "bob");
        MediaSession call = MediaSession.start(alice, bob, "drain-room", "drain-cam")) {
      assertEquals(draining, roomNode(gw1, "drain-room"));
      CLUSTER
          .start("media-3", "media", ScaleOutCluster.mediaArgs())
          .awaitReady(Duration.ofSeconds(120));
      until(
          Duration.ofSeconds(30),
          () -> mediaNodes(gw1).keySet(),
          ids -> ids.contains("media-3"),
          "media-3 live");
      CLUSTER.node(draining).terminate();
      until(
          Duration.ofSeconds(10),
          () -> mediaNodes(gw1).get(draining),
          n -> n == null || n.getBoolean("draining"),
          draining + " announced draining");
      // checked before the newcomers publish: on a slow machine their four publishes can outlast
      // the drain, which then rightly hands the room over
      assertEquals(draining, roomNode(gw1, "drain-room"), "its own room stays while it drains");
      List<TestClient> newcomers = new ArrayList<>();
      try (MediaTestPeer offers = MediaTestPeer.create()) {
        for (int i = 0; i < 4; i++) {
          TestClient c = member(i % 2 == 0 ? gw1 : gw2, "drain-new-" + i, "n" + i);
          newcomers.add(c);
          assertTrue(
              publish(c, "drain-new-" + i, "drain-new-cam-" + i, offers.publishOffer())
                  .getBoolean("ok"));
          assertEquals(
              "media-3", roomNode(gw1, "drain-new-" + i), "nothing new on the draining node");
        }
        JsonObject drained =
            alice.awaitPush(
                p ->
                    "publisherStateUpdate".equals(p.getString("event"))
                        && "NO_PUBLISH".equals(p.getString("state")),
                "NO_PUBLISH after the drain timeout",
                Duration.ofMillis(
                    ScaleOutCluster.DRAIN_TIMEOUT_MS
                        + 14_000)); // the drain, then the move, on a busy machine
        assertEquals(ErrorCode.MEDIA_NODE_DRAINED.code(), drained.getInteger("errorCode"));
        assertEquals("media-3", roomNode(gw1, "drain-room"));
        call.republishAndReplay();
        // 128 + SIGTERM: the JVM ran its shutdown hooks (the drain) to the end
        assertEquals(
            143,
            CLUSTER.node(draining).awaitExit(Duration.ofSeconds(30)),
            "the drained node exits cleanly");
        assertTrue(
            !CLUSTER.node(draining).output().contains("unclean stop"),
            () -> CLUSTER.node(draining).output());
      } finally {
        newcomers.forEach(TestClient::close);
      }
    }
  }
}
