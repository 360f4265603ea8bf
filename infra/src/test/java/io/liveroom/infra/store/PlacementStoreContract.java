package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link PlacementStore} backend must have. */
public abstract class PlacementStoreContract extends StoresContractSupport {
  protected PlacementStore placements;

  /** A second store instance over the same data, as another room-service instance would have. */
  protected abstract PlacementStore sameData(Vertx vertx);

  @BeforeEach
  void pickStore() {
    placements = stores.placements();
  }

  @Test
  void theFirstPlacementHoldsAndLaterOnesGetIt() {
    RoomPlacement first = await(placements.place("r1", "media-a", 60_000));
    assertEquals("media-a", first.nodeId());
    assertEquals(0, first.moves());
    assertEquals(
        first,
        await(placements.place("r1", "media-b", 60_000)),
        "SET NX: the first placement holds");
    assertEquals(first, await(placements.get("r1")));
    assertNull(await(placements.get("r2")));
  }

  @Test
  void fiftyConcurrentFirstPlacementsFromTwoInstancesYieldExactlyOne(Vertx vertx) throws Exception {
    PlacementStore other = sameData(vertx);
    List<RoomPlacement> results =
        concurrently(
            50,
            i ->
                (i % 2 == 0 ? placements : other)
                    .place("race", i % 3 == 0 ? "media-a" : "media-b", 60_000));
    Set<RoomPlacement> distinct = new HashSet<>(results);
    assertEquals(1, distinct.size(), () -> "placements: " + distinct);
    assertEquals(distinct.iterator().next(), await(other.get("race")));
    assertEquals(1, await(placements.roomsOn(distinct.iterator().next().nodeId())).size());
  }

  @Test
  void renewAndReleaseOnlyByTheHoldingNode() {
    await(placements.place("r1", "media-a", 60_000));
    assertFalse(await(placements.renew("r1", "media-b", 60_000)));
    assertFalse(await(placements.release("r1", "media-b")));
    assertTrue(await(placements.renew("r1", "media-a", 60_000)));
    assertTrue(await(placements.release("r1", "media-a")));
    assertNull(await(placements.get("r1")));
    assertEquals(List.of(), await(placements.nodes()), "no node holds a room any more");
    assertEquals(
        "media-b", await(placements.place("r1", "media-b", 60_000)).nodeId(), "free again");
  }

  @Test
  void aLapsedLeaseFreesTheRoomAndARenewedOneHolds() {
    await(placements.place("lapses", "media-a", 200));
    await(placements.place("renewed", "media-a", 200));
    long deadline = System.currentTimeMillis() + 5_000;
    while (await(placements.get("lapses")) != null && System.currentTimeMillis() < deadline) {
      assertTrue(await(placements.renew("renewed", "media-a", 200)));
    }
    assertNull(await(placements.get("lapses")));
    assertNotNull(await(placements.get("renewed")));
    assertEquals(
        List.of("renewed"),
        await(placements.roomsOn("media-a")).stream().map(RoomPlacement::roomId).toList());
    assertEquals("media-b", await(placements.place("lapses", "media-b", 60_000)).nodeId());
  }

  @Test
  void moveIsCompareAndSetAndIndexesFollow(Vertx vertx) throws Exception {
    await(placements.place("r1", "media-a", 60_000));
    await(placements.place("r2", "media-a", 60_000));
    PlacementStore other = sameData(vertx);
    List<RoomPlacement> moves =
        concurrently(
            10,
            i ->
                (i % 2 == 0 ? placements : other)
                    .move("r1", "media-a", "media-" + (i % 2 == 0 ? "b" : "c"), 60_000));
    List<RoomPlacement> won = moves.stream().filter(m -> m != null).toList();
    assertEquals(1, won.size(), () -> "moves: " + moves);
    assertEquals(1, won.get(0).moves());
    assertEquals(won.get(0), await(placements.get("r1")));
    assertNull(await(placements.move("r1", "media-a", "media-b", 60_000)), "no longer on media-a");
    assertEquals(
        List.of("r2"),
        await(placements.roomsOn("media-a")).stream().map(RoomPlacement::roomId).toList());
    assertEquals(List.of(won.get(0)), await(placements.roomsOn(won.get(0).nodeId())));
    assertEquals(List.of("media-a", won.get(0).nodeId()), await(placements.nodes()));
  }

  @Test
  void moveOfAnUnplacedRoomDoesNothing() {
    assertNull(await(placements.move("ghost", "media-a", "media-b", 60_000)));
    assertNull(await(placements.get("ghost")));
    assertEquals(List.of(), await(placements.roomsOn("media-b")));
  }
}
