package io.liveroom.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.GatewayCommand;
import io.liveroom.infra.contracts.MediaRelayAttached;
import io.liveroom.infra.contracts.PlacePlayer;
import io.liveroom.infra.contracts.RoomEvent;
import io.liveroom.infra.contracts.RoomMediaMoved;
import io.liveroom.infra.contracts.ServiceException;
import io.liveroom.infra.store.MediaNodeRecord;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.store.StreamRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Where players go (docs/architecture.md, "Cascade") over the memory stores: the origin while it
 * has room, else an edge (existing edges first, then most headroom; never draining, full or
 * excluded nodes), recorded and attached; an edge that leaves the registry is released and its
 * room's gateways told; the origin moving releases the room's edges too.
 */
@ExtendWith(VertxExtension.class)
class PlayerPlacementTest {
  private final List<String> attached = Collections.synchronizedList(new ArrayList<>());
  private final List<RoomMediaMoved> moves = Collections.synchronizedList(new ArrayList<>());
  private Stores stores;
  private PlayerPlacement players;
  private StorePlacement placement;
  private MediaFailover failover;

  @BeforeEach
  void setUp(Vertx vertx) {
    stores = new Stores(vertx, StoreConfig.from(Config.defaults()));
    players =
        new PlayerPlacement(
            stores,
            (edge, a) -> {
              attached.add(edge + "<-" + a.originNodeId() + ":" + a.streamId());
              return Future.succeededFuture(
                  new MediaRelayAttached(edge, a.streamId(), a.originNodeId(), true));
            },
            60_000);
    placement =
        new StorePlacement(
            stores, new PlacementPolicy(RoomConfig.LEAST_LOAD, new Random(1)), 60_000);
    failover =
        new MediaFailover(
            stores,
            placement,
            new RoomEvents() {
              @Override
              public void publish(String roomId, RoomEvent event) {}

              @Override
              public void toGateway(String gatewayId, GatewayCommand command) {}

              @Override
              public void stopMedia(String nodeId, String streamId, String peerId) {}
            },
            moves::add,
            15_000);
    placement.failover(failover);
    announce("origin", 3, false);
    await(stores.placements().place("big", "origin", 60_000));
    await(
        stores
            .streams()
            .add(
                new StreamRecord(
                    "cam", "big", "host", "Host", "s-h", "gw-1", "", 1, "origin", true, "pub-1")));
  }

  private void announce(String id, int players, boolean draining) {
    await(
        stores
            .mediaNodes()
            .announce(
                new MediaNodeRecord(
                    id,
                    List.of("127.0.0.1:1"),
                    100,
                    3,
                    1_000_000_000L,
                    1,
                    players,
                    0,
                    0,
                    -1,
                    draining,
                    System.currentTimeMillis()),
                60_000));
  }

  private static <T> T await(Future<T> f) {
    return f.toCompletionStage().toCompletableFuture().join();
  }

  private String place(String... excluded) {
    return await(players.place(new PlacePlayer("cam", List.of(excluded)))).nodeId();
  }

  private static ErrorCode failure(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().join();
    } catch (RuntimeException e) {
      return assertInstanceOf(ServiceException.class, e.getCause()).code();
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void theOriginWhileItHasRoomThenTheEdgeWithMostHeadroomRecordedAndAttached() {
    announce("origin", 1, false);
    assertEquals("origin", place());
    assertEquals(List.of(), attached, "no relay for a player on the origin");
    announce("origin", 3, false); // full
    announce("busy", 2, false);
    announce("idle", 0, false);
    announce("leaving", 0, true);
    assertEquals("idle", place());
    assertEquals(List.of("idle<-origin:cam"), attached);
    assertNotNull(await(stores.placements().get(EdgeKeys.key("big", "idle"))), "edge recorded");
    assertEquals("idle", place("origin"), "the refusing origin is excluded");
    announce("idle", 3, false);
    assertEquals("busy", place(), "a full edge takes no more");
    assertEquals("busy", place("idle"));
  }

  @Test
  void anExistingEdgeComesBeforeAnIdlerNewOne() {
    announce("origin", 3, false);
    announce("edge-a", 2, false);
    await(stores.placements().place(EdgeKeys.key("big", "edge-a"), "edge-a", 60_000));
    announce("edge-b", 0, false);
    assertEquals("edge-a", place());
  }

  @Test
  void nodesThatLookFullAreStillAskedUntilEachRefusedAndAnUnknownStreamIsNotFound() {
    announce("origin", 3, false);
    announce("full", 3, false);
    // announcements lag: a node that only looks full is still asked (it refuses when it is)
    assertEquals("origin", place());
    assertEquals("full", place("origin"));
    assertEquals(
        ErrorCode.MEDIA_UNAVAILABLE,
        failure(players.place(new PlacePlayer("cam", List.of("origin", "full")))));
    assertEquals(
        ErrorCode.STREAM_NOT_FOUND, failure(players.place(new PlacePlayer("nope", List.of()))));
  }

  @Test
  void aLostEdgeIsReleasedAndItsPlayersToldAndALostOriginReleasesTheEdges() {
    announce("origin", 3, false);
    announce("edge-a", 0, false);
    announce("edge-b", 0, false);
    assertEquals("edge-a", place("edge-b"));
    assertEquals("edge-b", place("edge-a"));
    assertEquals(0, await(failover.check()), "all live: nothing moves");
    assertNotNull(await(stores.placements().get(EdgeKeys.key("big", "edge-a"))), "renewed");
    await(stores.mediaNodes().remove("edge-a"));
    await(failover.check());
    assertEquals(
        List.of(new RoomMediaMoved("big", "edge-a", "origin", ErrorCode.MEDIA_NODE_LOST.code())),
        moves);
    assertNull(await(stores.placements().get(EdgeKeys.key("big", "edge-a"))));
    assertEquals("origin", await(stores.placements().get("big")).nodeId(), "the origin stays");

    moves.clear();
    await(stores.mediaNodes().remove("origin"));
    await(failover.check());
    String to = await(stores.placements().get("big")).nodeId();
    assertEquals("edge-b", to, "the room moved to the only live node");
    assertEquals(
        List.of(
            new RoomMediaMoved("big", "origin", "edge-b", ErrorCode.MEDIA_NODE_LOST.code()),
            new RoomMediaMoved("big", "edge-b", "edge-b", ErrorCode.MEDIA_NODE_LOST.code())),
        moves);
    assertNull(await(stores.placements().get(EdgeKeys.key("big", "edge-b"))));
  }
}
