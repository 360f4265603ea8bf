package io.liveroom.presence;

import static io.liveroom.presence.PresenceServiceTest.counts;
import static io.liveroom.presence.PresenceServiceTest.lease;
import static io.liveroom.presence.PresenceServiceTest.room;
import static io.liveroom.presence.store.LeaseStoreContract.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.testing.ManualClock;
import io.liveroom.infra.testing.RedisServerExtension;
import io.liveroom.presence.store.MemoryLeaseStore;
import io.liveroom.presence.store.RedisLeaseStore;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Count pushes: only rooms whose user count changed, by one instance at a time. */
@ExtendWith(VertxExtension.class)
class PresencePushTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Test
  void pushesOnlyRoomsWhoseCountChangedIncludingDropsToZero() {
    ManualClock clock = new ManualClock(0);
    RecordingEvents events = new RecordingEvents();
    PresenceService presence =
        new PresenceService(
            new MemoryLeaseStore(clock), PresenceServiceTest.CONFIG, events, clock, "p1");
    await(
        presence.report(
            lease("gw-1", 1_000, room("r1", 2, "alice", "bob"), room("r2", 1, "carol"))));
    await(presence.report(lease("gw-2", 60_000, room("r1", 1, "alice"))));
    assertEquals(counts("r1", 2, "r2", 1), await(presence.pushCounts()));
    assertEquals(List.of(), await(presence.pushCounts()), "nothing changed: nothing pushed");

    await(presence.report(lease("gw-2", 60_000, room("r1", 2, "alice", "dave"))));
    assertEquals(
        counts("r1", 3),
        await(presence.pushCounts()),
        "only r1 changed (sessions alone do not count)");

    await(
        presence.report(
            lease("gw-1", 1_000, room("r1", 2, "alice", "bob"), room("r2", 2, "carol", "erin"))));
    await(
        presence.report(
            lease("gw-1", 1_000, room("r1", 2, "alice", "bob"), room("r2", 1, "carol"))));
    assertEquals(
        List.of(), await(presence.pushCounts()), "1 -> 2 -> 1 between pushes is no change");

    await(presence.report(lease("gw-1", 1_000, room("r1", 2, "alice", "bob"))));
    assertEquals(
        counts("r2", 0), await(presence.pushCounts()), "a room that empties is pushed as 0");
    assertEquals(List.of(), await(presence.pushCounts()));

    clock.advance(1_000); // gw-1 stops reporting: bob leaves r1 with its lease
    assertEquals(counts("r1", 2), await(presence.pushCounts()));
    assertEquals(
        counts("r1", 2, "r2", 1, "r1", 3, "r2", 0, "r1", 2), events.takeCounts(), "what went out");
  }

  @Test
  void oneInstanceLeadsAndASuccessorContinuesFromTheSharedCounts(Vertx vertx) {
    String prefix = "push-" + UUID.randomUUID() + ":";
    Stores storesA =
        new Stores(
            vertx, new StoreConfig(StoreConfig.Type.REDIS, REDIS.server().url(), prefix, 2, 1000));
    Stores storesB =
        new Stores(
            vertx, new StoreConfig(StoreConfig.Type.REDIS, REDIS.server().url(), prefix, 2, 1000));
    try {
      RecordingEvents eventsA = new RecordingEvents();
      RecordingEvents eventsB = new RecordingEvents();
      PresenceService a =
          new PresenceService(
              new RedisLeaseStore(storesA.redis(), prefix),
              PresenceServiceTest.CONFIG,
              eventsA,
              Clock.systemUTC(),
              "a");
      PresenceService b =
          new PresenceService(
              new RedisLeaseStore(storesB.redis(), prefix),
              PresenceServiceTest.CONFIG,
              eventsB,
              Clock.systemUTC(),
              "b");
      await(
          a.report(
              lease(
                  "gw-1",
                  60_000,
                  room("r1", 1, "alice"),
                  room("r2", 1, "bob"),
                  room("r3", 1, "carol"))));
      assertEquals(counts("r1", 1, "r2", 1, "r3", 1), await(a.pushCounts()));
      assertEquals(List.of(), await(b.pushCounts()), "b does not lead while a does");
      await(
          b.report(lease("gw-1", 60_000, room("r1", 2, "alice", "dave"), room("r3", 1, "carol"))));
      assertEquals(List.of(), await(b.pushCounts()));
      assertEquals(counts("r1", 2, "r2", 0), await(a.pushCounts()));

      await(a.close()); // a undeploys: b takes over at once and knows what was pushed
      await(
          b.report(
              lease(
                  "gw-1", 60_000, room("r1", 2, "alice", "dave"), room("r3", 2, "carol", "erin"))));
      assertEquals(counts("r3", 2), await(b.pushCounts()), "only the change since a's last push");
      assertEquals(List.of(), await(a.pushCounts()), "b leads now");
      assertEquals(List.of(), await(b.pushCounts()));
      assertEquals(counts("r1", 1, "r2", 1, "r3", 1, "r1", 2, "r2", 0), eventsA.takeCounts());
      assertEquals(counts("r3", 2), eventsB.takeCounts());
      assertEquals(
          Map.of("r1", 2, "r3", 2),
          await(new RedisLeaseStore(storesA.redis(), prefix).pushedCounts()));
    } finally {
      storesA.close();
      storesB.close();
    }
  }
}
