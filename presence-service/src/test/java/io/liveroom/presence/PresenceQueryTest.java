package io.liveroom.presence;

import static io.liveroom.presence.PresenceServiceTest.lease;
import static io.liveroom.presence.PresenceServiceTest.room;
import static io.liveroom.presence.store.LeaseStoreContract.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.GatewayLease;
import io.liveroom.infra.contracts.LeaseAck;
import io.liveroom.infra.contracts.OnlineQuery;
import io.liveroom.infra.contracts.RoomCount;
import io.liveroom.infra.contracts.RoomCountQuery;
import io.liveroom.infra.contracts.RoomPresence;
import io.liveroom.infra.contracts.ServiceException;
import io.liveroom.infra.contracts.UserLocation;
import io.liveroom.infra.contracts.UserPresence;
import io.liveroom.infra.contracts.UserPresenceQuery;
import io.liveroom.infra.testing.ManualClock;
import io.liveroom.presence.store.MemoryLeaseStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reports, their acks and normalisation, and the three queries. */
class PresenceQueryTest {
  private final ManualClock clock = new ManualClock(5_000);
  private final MemoryLeaseStore store = new MemoryLeaseStore(clock);
  private final PresenceService presence =
      new PresenceService(
          store,
          new PresenceConfig(10_000, 2_500, 5_000, 1_000, 0, 2, 3),
          new RecordingEvents(),
          clock,
          "p1");

  @Test
  void theAckSaysWhetherTheLeaseWasRenewedAndWhenToReportNext() {
    assertEquals(
        new LeaseAck("gw-1", false, 10_000, 2_500), await(presence.report(lease("gw-1", 0))));
    assertEquals(
        new LeaseAck("gw-1", true, 4_000, 2_500), await(presence.report(lease("gw-1", 4_000))));
  }

  @Test
  void reportsAreNormalised() {
    GatewayLease messy =
        new GatewayLease(
            "gw-1",
            0,
            List.of(
                new RoomPresence("r1", 1, List.of("alice", "bob", "alice")),
                new RoomPresence("r2", 0, List.of()),
                new RoomPresence("r1", 2, List.of("carol"))));
    assertEquals(
        new GatewayLease(
            "gw-1", 10_000, List.of(new RoomPresence("r1", 3, List.of("alice", "bob", "carol")))),
        presence.normalise(messy),
        "merged, distinct users, sessions >= users, empty rooms dropped");
    await(presence.report(messy));
    assertEquals(new RoomCount("r1", 3, 3), await(presence.roomCount(new RoomCountQuery("r1"))));
  }

  @Test
  void malformedReportsAndQueriesAreInvalidFields() {
    List<GatewayLease> bad =
        List.of(
            lease(" ", 0),
            lease(null, 0),
            lease("gw", -1),
            lease("gw", 3_600_001),
            lease("gw", 0, room("", 1)),
            lease("gw", 0, room("r", -1)),
            lease("gw", 0, room("r", 1, " ")));
    for (GatewayLease lease : bad) {
      ServiceException e =
          assertThrows(ServiceException.class, () -> presence.report(lease), lease.toString());
      assertEquals(ErrorCode.INVALID_FIELD, e.code());
    }
    assertEquals(
        ErrorCode.INVALID_FIELD,
        assertThrows(ServiceException.class, () -> presence.roomCount(new RoomCountQuery(null)))
            .code());
    assertEquals(
        ErrorCode.INVALID_FIELD,
        assertThrows(ServiceException.class, () -> presence.user(new UserPresenceQuery("")))
            .code());
    assertEquals(List.of(), await(store.live()), "nothing stored");
  }

  @Test
  void queriesAnswerRoomsTotalsAndUsers() {
    await(
        presence.report(
            lease(
                "gw-1",
                0,
                room("a", 3, "u1", "u2"),
                room("b", 1, "u3"),
                room("c", 2, "u1", "u4"),
                room("d", 4, "u1", "u2", "u3", "u5"))));
    await(presence.report(lease("gw-2", 0, room("a", 1, "u1"))));
    assertEquals(new RoomCount("a", 4, 2), await(presence.roomCount(new RoomCountQuery("a"))));
    assertEquals(
        List.of(new RoomCount("d", 4, 4), new RoomCount("a", 4, 2)),
        await(presence.online(new OnlineQuery(0))).top(),
        "0: presence.topN (2)");
    assertEquals(
        3,
        await(presence.online(new OnlineQuery(50))).top().size(),
        "capped at presence.maxTopN (3)");
    assertEquals(1, await(presence.online(new OnlineQuery(1))).top().size());
    assertEquals(11, await(presence.online(new OnlineQuery(1))).totalSessions());
    assertEquals(5, await(presence.online(new OnlineQuery(1))).distinctUsers());
    assertEquals(4, await(presence.online(new OnlineQuery(1))).rooms());
    UserPresence u1 = await(presence.user(new UserPresenceQuery("u1")));
    assertTrue(u1.online());
    assertEquals(
        List.of(
            new UserLocation("a", "gw-1"),
            new UserLocation("a", "gw-2"),
            new UserLocation("c", "gw-1"),
            new UserLocation("d", "gw-1")),
        u1.where());
    assertFalse(await(presence.user(new UserPresenceQuery("nobody"))).online());
  }

  @Test
  void queriesMayBeAnsweredFromAViewUpToViewMaxAgeMsOld() {
    PresenceService cached =
        new PresenceService(
            store,
            new PresenceConfig(10_000, 2_500, 5_000, 1_000, 500, 10, 100),
            new RecordingEvents(),
            clock,
            "p2");
    await(cached.report(lease("gw-1", 0, room("r", 1, "u1"))));
    assertEquals(1, await(cached.roomCount(new RoomCountQuery("r"))).users());
    await(cached.report(lease("gw-1", 0, room("r", 2, "u1", "u2"))));
    clock.advance(499);
    assertEquals(
        1, await(cached.roomCount(new RoomCountQuery("r"))).users(), "served from the view");
    clock.advance(1);
    assertEquals(2, await(cached.roomCount(new RoomCountQuery("r"))).users(), "the view aged out");
  }
}
