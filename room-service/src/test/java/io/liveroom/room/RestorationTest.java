package io.liveroom.room;

import static io.liveroom.room.RoomTests.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.contracts.LoginRoom;
import io.liveroom.infra.contracts.RestoreGateway;
import io.liveroom.infra.contracts.RestoreReport;
import io.liveroom.infra.contracts.RoomStreamUpdated;
import io.liveroom.infra.contracts.RoomUserUpdated;
import io.liveroom.infra.contracts.UpdateType;
import io.liveroom.infra.store.Member;
import io.liveroom.infra.store.RoomExtraInfo;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.store.StreamRecord;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What room-service does with a gateway's re-asserted state after a store loss, over the memory
 * stores.
 */
@ExtendWith(VertxExtension.class)
class RestorationTest {
  private final RecordingRoomEvents recorded = new RecordingRoomEvents();
  private final List<Record> published = recorded.published;
  private Stores stores;
  private Restoration restoration;
  private RoomService rooms;

  @BeforeEach
  void setUp(Vertx vertx) {
    stores = new Stores(vertx, StoreConfig.from(Config.defaults()));
    RoomEvents events = recorded;
    RoomConfig config = RoomConfig.from(Config.of(Map.of("room.defaultMaxMembers", "2")));
    Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    restoration = new Restoration(stores, events, config, clock);
    rooms = new RoomService(stores, events, config, clock);
  }

  private static RestoreGateway gateway(
      String gatewayId, List<RestoreGateway.Seat> seats, List<RestoreGateway.Seat> departed) {
    return new RestoreGateway(gatewayId, seats, departed, List.of());
  }

  private static RestoreGateway.Seat seat(
      String roomId, String userId, String sessionId, RestoreGateway.Stream... streams) {
    return new RestoreGateway.Seat(
        roomId, userId, "name-" + userId, sessionId, "live", List.of(streams));
  }

  /**
   * gw-1's report: alice (with a media stream and a chat-only one), bob and carol in r1, alice in
   * r2.
   */
  private static RestoreGateway fourSeatsTwoStreams() {
    return gateway(
        "gw-1",
        List.of(
            seat(
                "r1",
                "alice",
                "s-a",
                new RestoreGateway.Stream("cam", "{\"x\":1}", "media-1", "peer-1"),
                new RestoreGateway.Stream("chat", "", null, null)),
            seat("r1", "bob", "s-b"),
            seat("r1", "carol", "s-c"),
            seat("r2", "alice", "s-a2")),
        List.of());
  }

  @Test
  void anEmptyStoreGetsBackEverySeatAndStreamSilentlyAndOverTheCap() {
    RestoreReport report = await(restoration.restore(fourSeatsTwoStreams()));
    assertEquals(new RestoreReport(4, List.of(), 0), report);
    assertEquals(
        Set.of("alice", "bob", "carol"),
        users("r1"),
        "admitted before: the room's cap of 2 does not apply");
    assertEquals(Set.of("r1", "r2"), await(stores.membership().roomsOf("alice")));
    assertEquals(4, await(stores.membership().onGateway("gw-1")).size());
    List<StreamRecord> streams = await(stores.streams().inRoom("r1"));
    assertEquals(
        Set.of("cam", "chat"),
        streams.stream().map(StreamRecord::streamId).collect(Collectors.toSet()));
    StreamRecord cam = await(stores.streams().get("cam"));
    assertEquals("{\"x\":1}", cam.extraInfo());
    assertEquals("s-a", cam.sessionId());
    assertEquals(
        "peer-1", cam.peerId(), "the owning publisher peer comes back: the node's events match it");
    assertTrue(cam.live());
    assertEquals(
        "media-1",
        await(stores.placements().get("r1")).nodeId(),
        "the room is back on its media node");
    assertEquals(List.of(), published, "members saw nothing change");
    assertEquals(
        report,
        await(restoration.restore(fourSeatsTwoStreams())),
        "idempotent: a retry changes nothing");
    assertEquals(List.of(), published);
  }

  @Test
  void aGatewayWhoseLeaseLapsedAnnouncesEachEvictedSeatAgainOnce() {
    // bob is still in the store; carol's and alice's memberships were evicted with the lease
    await(rooms.login(new LoginRoom("r1", "bob", "name-bob", "s-b", "gw-1", 0, "live")));
    published.clear();
    RestoreGateway lapsed =
        new RestoreGateway(
            "gw-1",
            List.of(
                seat("r1", "bob", "s-b"), seat("r1", "carol", "s-c"), seat("r2", "alice", "s-a2")),
            List.of(),
            List.of(),
            true);
    assertEquals(new RestoreReport(3, List.of(), 0), await(restoration.restore(lapsed)));
    assertEquals(Set.of("bob", "carol"), users("r1"));
    assertEquals(
        Set.of("r1/carol", "r2/alice"),
        published.stream()
            .map(
                r -> {
                  RoomUserUpdated u = (RoomUserUpdated) r;
                  assertEquals(UpdateType.ADD, u.updateType());
                  assertEquals(1, u.users().size());
                  return u.roomId() + "/" + u.users().get(0).userId();
                })
            .collect(Collectors.toSet()),
        "the rooms see the evicted seats join again, bob (never evicted) not");
    assertEquals(2, published.size());
    await(restoration.restore(lapsed));
    assertEquals(2, published.size(), "a retry announces nothing twice");
  }

  @Test
  void aWhipResourceKeepsItsStreamWhileTheUsersClientSessionHoldsThePresence() {
    RestoreReport report =
        await(
            restoration.restore(
                gateway(
                    "gw-1",
                    List.of(
                        seat(
                            "r1",
                            "caster",
                            "whip-1",
                            new RestoreGateway.Stream("caster-cam", "", "media-1", "peer-w")),
                        seat("r1", "caster", "s-ws")),
                    List.of())));
    assertEquals(List.of(), report.refused());
    assertEquals("s-ws", await(stores.membership().member("r1", "caster")).sessionId());
    assertEquals("whip-1", await(stores.streams().get("caster-cam")).sessionId());
    await(
        stores
            .membership()
            .join(new Member("r2", "solo", "solo", "whip-2", "gw-1", 1L), 0)); // WHIP alone
    await(stores.membership().leave("r2", "solo", null)); // ... lost with the store
    assertEquals(
        List.of(),
        await(
                restoration.restore(
                    gateway("gw-1", List.of(seat("r2", "solo", "whip-2")), List.of())))
            .refused());
    assertEquals(
        "whip-2",
        await(stores.membership().member("r2", "solo")).sessionId(),
        "alone, it holds it");
  }

  @Test
  void aSeatWhoseUserLoggedInElsewhereMeanwhileIsRefused() {
    await(rooms.login(new LoginRoom("r1", "alice", "Alice", "s-new", "gw-2", 0, "live")));
    published.clear();
    RestoreReport report =
        await(
            restoration.restore(
                gateway(
                    "gw-1",
                    List.of(
                        seat(
                            "r1",
                            "alice",
                            "s-old",
                            new RestoreGateway.Stream("cam", "", null, null))),
                    List.of())));
    assertEquals(
        List.of(seat("r1", "alice", "s-old", new RestoreGateway.Stream("cam", "", null, null))),
        report.refused());
    assertEquals("s-new", await(stores.membership().member("r1", "alice")).sessionId());
    assertNull(await(stores.streams().get("cam")), "the refused seat's streams are not restored");
  }

  @Test
  void whatAnOlderSnapshotBroughtBackIsRemovedAndTheRoomSeesItGo() {
    RoomService before =
        new RoomService(
            stores,
            recorded,
            RoomConfig.from(Config.defaults()),
            Clock.fixed(
                Instant.ofEpochMilli(1_700_000_000_000L - 60_000),
                ZoneOffset.UTC)); // the snapshot's time
    await(before.login(new LoginRoom("r1", "alice", "Alice", "s-a", "gw-1", 10, "live")));
    await(
        before.login(
            new LoginRoom(
                "r1", "ghost", "Ghost", "s-g", "gw-1", 10, "live"))); // left after the snapshot
    await(
        before.login(
            new LoginRoom("r1", "bob", "Bob", "s-b", "gw-2", 10, "live"))); // another gateway's
    await(
        stores
            .streams()
            .add(new StreamRecord("old-cam", "r1", "alice", "Alice", "s-a", "gw-1", "", 1L)));
    await(
        rooms.login(
            new LoginRoom(
                "r1", "newbie", "Newbie", "s-n", "gw-1", 10, "live"))); // in flight: not listed
    await(
        stores
            .streams()
            .add(
                new StreamRecord(
                    "new-cam", "r1", "alice", "Alice", "s-a", "gw-1", "", 1_700_000_000_000L)));
    published.clear();
    RestoreReport report =
        await(restoration.restore(gateway("gw-1", List.of(seat("r1", "alice", "s-a")), List.of())));
    assertEquals(2, report.purged(), "ghost's membership and alice's unpublished stream");
    assertEquals(
        Set.of("alice", "bob", "newbie"),
        users("r1"),
        "a login newer than the restore is no ghost");
    assertNull(await(stores.streams().get("old-cam")));
    assertEquals(
        "new-cam", await(stores.streams().get("new-cam")).streamId(), "nor is a publish in flight");
    assertTrue(
        published.stream()
            .anyMatch(
                e ->
                    e instanceof RoomUserUpdated u
                        && u.updateType() == UpdateType.DELETE
                        && u.users().get(0).userId().equals("ghost")));
    assertTrue(
        published.stream()
            .anyMatch(
                e ->
                    e instanceof RoomStreamUpdated u
                        && u.updateType() == UpdateType.DELETE
                        && u.streams().get(0).streamId().equals("old-cam")));
  }

  @Test
  void departuresTheStoreMissedAreAnnouncedOnceWhetherOrNotItStillHeldThem() {
    await(
        rooms.login(
            new LoginRoom(
                "r1", "kept", "Kept", "s-k", "gw-1", 0, "live"))); // the store still has it
    await(
        rooms.login(
            new LoginRoom("r1", "dave", "Dave", "s-d2", "gw-2", 0, "live"))); // back elsewhere
    published.clear();
    await(
        restoration.restore(
            gateway(
                "gw-1",
                List.of(),
                List.of(
                    seat("r1", "kept", "s-k"),
                    seat("r1", "lost", "s-l"),
                    seat("r1", "dave", "s-d1")))));
    Set<String> deleted =
        published.stream()
            .filter(e -> e instanceof RoomUserUpdated u && u.updateType() == UpdateType.DELETE)
            .map(e -> ((RoomUserUpdated) e).users().get(0).userId())
            .collect(Collectors.toSet());
    assertEquals(
        Set.of("kept", "lost"), deleted, "dave is in the room through another session: no DELETE");
    assertEquals(Set.of("dave"), users("r1"));
  }

  @Test
  void roomExtraInfoComesBackWhereTheStoreHasNoneOrAnOlderValue() {
    RoomExtraInfo seen = new RoomExtraInfo("topic", "music", "alice", "Alice", 1_000);
    RoomExtraInfo older = new RoomExtraInfo("mood", "calm", "bob", "Bob", 1_000);
    await(rooms.login(new LoginRoom("r1", "bob", "Bob", "s-b", "gw-2", 10, "live")));
    await(
        stores
            .rooms()
            .setExtraInfo("r1", new RoomExtraInfo("mood", "lively", "bob", "Bob", 2_000), 10));
    await(
        restoration.restore(
            new RestoreGateway(
                "gw-1",
                List.of(seat("r1", "alice", "s-a")),
                List.of(),
                List.of(
                    new RestoreGateway.Extra("r1", seen),
                    new RestoreGateway.Extra("r1", older),
                    new RestoreGateway.Extra("closed-room", seen)))));
    Map<String, String> values =
        await(stores.rooms().extraInfo("r1")).stream()
            .collect(Collectors.toMap(RoomExtraInfo::key, RoomExtraInfo::value));
    assertEquals(
        Map.of("topic", "music", "mood", "lively"), values, "a newer value in the store wins");
    assertEquals(
        List.of(), await(stores.rooms().extraInfo("closed-room")), "no room, no extra info");
  }

  private Set<String> users(String roomId) {
    return await(stores.membership().members(roomId)).stream()
        .map(Member::userId)
        .collect(Collectors.toSet());
  }
}
