package io.liveroom.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.GatewayCommand;
import io.liveroom.infra.contracts.LoginRoom;
import io.liveroom.infra.contracts.MediaPeerUpdated;
import io.liveroom.infra.contracts.PublishStream;
import io.liveroom.infra.contracts.RoomEvent;
import io.liveroom.infra.contracts.RoomMediaMoved;
import io.liveroom.infra.contracts.RoomStreamUpdated;
import io.liveroom.infra.contracts.ServiceException;
import io.liveroom.infra.contracts.StreamAck;
import io.liveroom.infra.contracts.UpdateType;
import io.liveroom.infra.store.MediaNodeRecord;
import io.liveroom.infra.store.RoomPlacement;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.store.StreamRecord;
import io.liveroom.infra.testing.ContextIssuers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Placement, capacity, failover and drain over the memory stores (the Redis stores pass the same
 * contract).
 */
@ExtendWith(VertxExtension.class)
class PlacementTest {
  private final List<Record> published = Collections.synchronizedList(new ArrayList<>());
  private final List<RoomMediaMoved> moves = Collections.synchronizedList(new ArrayList<>());

  /** What the gateways and media nodes were told, in order. */
  private final List<String> told = Collections.synchronizedList(new ArrayList<>());

  /** The room's streams in the store at the moment each move was announced. */
  private final List<Future<List<StreamRecord>>> streamsAtMove =
      Collections.synchronizedList(new ArrayList<>());

  private Vertx vertx;
  private Stores stores;
  private StorePlacement placement;
  private MediaFailover failover;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    stores = new Stores(vertx, StoreConfig.from(Config.defaults()));
    placement = placement(RoomConfig.LEAST_LOAD);
  }

  private StorePlacement placement(String policy) {
    StorePlacement p =
        new StorePlacement(stores, new PlacementPolicy(policy, new Random(7)), 60_000);
    failover =
        new MediaFailover(
            stores,
            p,
            events(),
            m -> {
              moves.add(m);
              told.add("moved " + m.roomId());
              streamsAtMove.add(stores.streams().inRoom(m.roomId()));
            },
            15_000);
    p.failover(failover);
    return p;
  }

  private RoomEvents events() {
    return new RoomEvents() {
      @Override
      public void publish(String roomId, RoomEvent event) {
        published.add((Record) event);
        if (event instanceof RoomStreamUpdated u) {
          told.add(u.updateType() + " " + roomId);
        }
      }

      @Override
      public void toGateway(String gatewayId, GatewayCommand command) {}

      @Override
      public void stopMedia(String nodeId, String streamId, String peerId) {
        told.add("stop " + nodeId + " " + streamId);
      }
    };
  }

  private static <T> T await(Future<T> f) {
    return f.toCompletionStage().toCompletableFuture().join();
  }

  private static ErrorCode failure(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().join();
    } catch (RuntimeException e) {
      return assertInstanceOf(ServiceException.class, e.getCause()).code();
    }
    throw new AssertionError("expected a failure");
  }

  private void announce(String id, int maxStreams, int streams, boolean draining) {
    await(
        stores
            .mediaNodes()
            .announce(
                new MediaNodeRecord(
                    id,
                    List.of("127.0.0.1:1"),
                    maxStreams,
                    1000,
                    1_000_000_000L,
                    streams,
                    0,
                    0,
                    0,
                    -1,
                    draining,
                    System.currentTimeMillis()),
                60_000));
  }

  private Map<String, Integer> spread(int rooms) {
    Map<String, Integer> perNode = new HashMap<>();
    for (int i = 0; i < rooms; i++) {
      perNode.merge(await(placement.nodeFor("room-" + i)), 1, Integer::sum);
    }
    return perNode;
  }

  @Test
  void leastLoadSpreadsRoomsEvenlyAndARoomKeepsItsNode() {
    announce("media-a", 100, 0, false);
    announce("media-b", 100, 0, false);
    assertEquals(Map.of("media-a", 10, "media-b", 10), spread(20));
    String first = await(placement.nodeFor("room-0"));
    assertEquals(first, await(placement.nodeFor("room-0")), "a placed room stays where it is");
  }

  @Test
  void leastLoadPrefersHeadroomOverRoomCount() {
    announce("media-busy", 100, 90, false);
    announce("media-idle", 100, 0, false);
    assertEquals(Map.of("media-idle", 5), spread(5));
  }

  @Test
  void randomSpreadsOverEveryNodeWithRoomAndFullNodesAreSkipped() {
    placement = placement(RoomConfig.RANDOM);
    announce("media-a", 4, 0, false);
    announce("media-b", 100, 0, false);
    announce("media-full", 10, 10, false);
    Map<String, Integer> perNode = spread(30);
    assertEquals(4, perNode.get("media-a"), "media-a takes at most its capacity: " + perNode);
    assertEquals(26, perNode.get("media-b"));
    assertNull(perNode.get("media-full"));
  }

  @Test
  void noLiveNodeWithRoomIsMediaUnavailable() {
    assertEquals(ErrorCode.MEDIA_UNAVAILABLE, failure(placement.nodeFor("r")));
    announce("media-a", 2, 0, false);
    spread(2);
    assertEquals(ErrorCode.MEDIA_UNAVAILABLE, failure(placement.nodeFor("one-too-many")));
  }

  @Test
  void drainingNodesTakeNoNewRoomsButKeepTheirOwn() {
    announce("media-a", 100, 0, false);
    String kept = await(placement.nodeFor("old-room"));
    assertEquals("media-a", kept);
    announce("media-a", 100, 1, true);
    announce("media-b", 100, 50, false);
    assertEquals(
        "media-a", await(placement.nodeFor("old-room")), "its room stays while the node drains");
    assertEquals(Map.of("media-b", 6), spread(6));
  }

  @Test
  void fiftyConcurrentFirstPublishesFromTwoInstancesYieldOnePlacement() {
    announce("media-a", 100, 0, false);
    announce("media-b", 100, 0, false);
    StorePlacement other =
        placement(RoomConfig.RANDOM); // another instance, another policy, same store
    // each caller on an event-loop context of its own, as the room verticles place rooms
    List<Future<String>> racing =
        ContextIssuers.each(vertx, 50, i -> (i % 2 == 0 ? placement : other).nodeFor("hot-room"));
    assertEquals(1, new HashSet<>(racing.stream().map(PlacementTest::await).toList()).size());
    assertEquals(
        1,
        await(stores.placements().roomsOn(await(stores.placements().get("hot-room")).nodeId()))
            .size());
  }

  @Test
  void aDeadNodesRoomsMoveTheirStreamsGoAndTheGatewaysAreTold() {
    announce("media-a", 100, 0, false);
    StreamService streams =
        new StreamService(
            stores, events(), RoomConfig.from(Config.defaults()), Clock.systemUTC(), placement);
    RoomService rooms =
        new RoomService(stores, events(), RoomConfig.from(Config.defaults()), Clock.systemUTC());
    await(rooms.login(new LoginRoom("r1", "alice", "Alice", "s-a", "gw-1", 0, "live")));
    StreamAck ack =
        await(
            streams.publish(
                new PublishStream("r1", "cam", "alice", "Alice", "s-a", "gw-1", "", true)));
    assertEquals("media-a", ack.nodeId());
    await(
        streams.mediaUpdated(
            new MediaPeerUpdated(
                "media-a", ack.peerId(), "cam", "PUBLISHER", "CONNECTED", null, 0)));
    announce("media-b", 100, 0, false);
    assertEquals(0, await(failover.check()), "both nodes live: nothing moves");
    await(stores.mediaNodes().remove("media-a")); // as if its lease lapsed (kill -9)
    assertEquals(1, await(failover.check()));
    assertEquals(0, await(failover.check()), "moved once");
    assertEquals("media-b", await(stores.placements().get("r1")).nodeId());
    assertEquals(1, await(stores.placements().get("r1")).moves());
    assertEquals(
        List.of(new RoomMediaMoved("r1", "media-a", "media-b", ErrorCode.MEDIA_NODE_LOST.code())),
        moves);
    RoomStreamUpdated last = (RoomStreamUpdated) published.get(published.size() - 1);
    assertEquals(UpdateType.DELETE, last.updateType(), "the room sees the gap");
    assertEquals(List.of(), await(stores.streams().inRoom("r1")));
    // the gateways hear the move (and its code) before the old node is told to stop the stream:
    // its own peer-closed event (code 0) must find the peer already ended; and a publisher told to
    // publish again finds its old stream gone from the store
    assertEquals(
        List.of("moved r1", "stop media-a cam", "DELETE r1"), told.subList(1, 4), told::toString);
    assertEquals(
        List.of(), await(streamsAtMove.get(0)), "the stream left the store before the move");
    assertEquals(
        "media-b",
        await(
                streams.publish(
                    new PublishStream("r1", "cam", "alice", "Alice", "s-a", "gw-1", "", true)))
            .nodeId(),
        "the publisher publishes again onto the new node");
  }

  @Test
  void afterAStoreLossAPlacedNodeMissingFromTheRegistryIsNotTakenForDeadDuringTheGrace() {
    announce("media-b", 100, 0, false);
    RoomPlacement placed =
        await(stores.placements().place("r1", "media-a", 60_000)); // restored by a gateway
    MediaFailover held = new MediaFailover(stores, placement, events(), moves::add, 400);
    held.storeReset(
        System.currentTimeMillis()); // media-a is alive but has not announced itself again yet
    assertEquals(0, await(held.check()), "within the grace nothing moves");
    assertEquals("media-a", await(held.move(placed, ErrorCode.MEDIA_NODE_LOST)), "nor on demand");
    assertEquals(List.of(), moves);
    long deadline = System.currentTimeMillis() + 5_000;
    int moved = 0;
    while (moved == 0 && System.currentTimeMillis() < deadline) {
      moved = await(held.check()); // after the grace, a node still missing is dead
    }
    assertEquals(1, moved);
    assertEquals("media-b", await(stores.placements().get("r1")).nodeId());
  }

  @Test
  void aDrainedNodesRoomsMoveAsDrainedAndWithNoNodeLeftThePlacementGoes() {
    announce("media-a", 100, 0, false);
    await(placement.nodeFor("r1"));
    announce("media-a", 100, 0, true);
    await(failover.check());
    await(stores.mediaNodes().remove("media-a"));
    assertEquals(1, await(failover.check()));
    assertEquals(
        List.of(new RoomMediaMoved("r1", "media-a", null, ErrorCode.MEDIA_NODE_DRAINED.code())),
        moves);
    assertNull(await(stores.placements().get("r1")));
  }

  @Test
  void placementsOfRoomsWithMediaAreRenewedAndOthersLapse(Vertx vertx) {
    StorePlacement shortLease =
        new StorePlacement(stores, new PlacementPolicy(RoomConfig.LEAST_LOAD, new Random()), 300);
    MediaFailover renewer = new MediaFailover(stores, shortLease, events(), moves::add, 15_000);
    announce("media-a", 100, 0, false);
    await(shortLease.nodeFor("with-media"));
    await(shortLease.nodeFor("without-media"));
    await(
        stores
            .streams()
            .add(
                new io.liveroom.infra.store.StreamRecord(
                    "cam", "with-media", "u", "U", "s", "gw", "", 0, "media-a", true)));
    long deadline = System.currentTimeMillis() + 5_000;
    while (await(stores.placements().get("without-media")) != null
        && System.currentTimeMillis() < deadline) {
      await(renewer.check());
    }
    assertNull(await(stores.placements().get("without-media")), "no media: the placement lapsed");
    assertEquals("media-a", await(stores.placements().get("with-media")).nodeId());
    assertNotEquals(0, await(stores.placements().roomsOn("media-a")).size());
    assertTrue(moves.isEmpty());
  }
}
