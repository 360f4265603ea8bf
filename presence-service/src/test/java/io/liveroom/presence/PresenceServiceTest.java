package io.liveroom.presence;

import static io.liveroom.presence.store.LeaseStoreContract.await;
import static io.liveroom.presence.store.LeaseStoreContract.poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.GatewayExpired;
import io.liveroom.infra.contracts.GatewayLease;
import io.liveroom.infra.contracts.RoomCount;
import io.liveroom.infra.contracts.RoomCountQuery;
import io.liveroom.infra.contracts.RoomOnlineCountChanged;
import io.liveroom.infra.contracts.RoomPresence;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.testing.ContextIssuers;
import io.liveroom.infra.testing.ManualClock;
import io.liveroom.infra.testing.RedisServerExtension;
import io.liveroom.presence.store.LeaseStore;
import io.liveroom.presence.store.MemoryLeaseStore;
import io.liveroom.presence.store.RedisLeaseStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PresenceService} over both backends: exact counts, expiry exactly once, pushes only on
 * change.
 */
@ExtendWith(VertxExtension.class)
class PresenceServiceTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  static final PresenceConfig CONFIG = new PresenceConfig(10_000, 100, 50, 50, 0, 10, 100);

  private final List<Stores> opened = new ArrayList<>();
  private final String prefix = "presence-test-" + UUID.randomUUID() + ":";

  @AfterEach
  void close() {
    opened.forEach(Stores::close);
  }

  private LeaseStore store(String backend, Vertx vertx) {
    if (backend.equals("memory")) {
      return new MemoryLeaseStore(Clock.systemUTC());
    }
    Stores stores = new Stores(vertx, REDIS.server().storeConfig(prefix));
    opened.add(stores);
    return new RedisLeaseStore(stores.redis(), prefix);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "redis"})
  void twoThousandSessionsJoiningAndLeavingInRandomOrderAreCountedExactly(
      String backend, Vertx vertx) {
    PresenceService presence =
        new PresenceService(
            store(backend, vertx), CONFIG, new RecordingEvents(), Clock.systemUTC(), "p1");
    SessionSimulation sim = new SessionSimulation(2_000, 2, 25, 700, 42);
    int checkpoints = 0;
    while (sim.step(
        97)) { // a batch of joins and leaves, then both gateways report their full state
      sim.reportAll(presence);
      if (++checkpoints % 4 == 0) {
        sim.assertExact(presence, false);
      }
    }
    sim.reportAll(presence);
    assertEquals(2_000, sim.joined(), "every simulated session joined once");
    assertTrue(
        sim.left() > 0 && sim.online() > 0,
        "some left, some stayed: " + sim.left() + "/" + sim.online());
    sim.assertExact(presence, true);
  }

  @Test
  void aSilentGatewayVanishesAtItsTtlAndItsExpiryIsPublishedOnce() {
    ManualClock clock = new ManualClock(1_000_000);
    RecordingEvents events = new RecordingEvents();
    PresenceService presence =
        new PresenceService(new MemoryLeaseStore(clock), CONFIG, events, clock, "p1");
    await(presence.report(lease("gw-1", 1_000, room("r1", 2, "alice", "bob"))));
    await(presence.report(lease("gw-2", 0, room("r1", 1, "carol"))));
    clock.advance(999);
    assertEquals(new RoomCount("r1", 3, 3), await(presence.roomCount(new RoomCountQuery("r1"))));
    assertEquals(List.of(), await(presence.expire()));
    clock.advance(1);
    assertEquals(new RoomCount("r1", 1, 1), await(presence.roomCount(new RoomCountQuery("r1"))));
    assertEquals(List.of(new GatewayExpired("gw-1", 1_001_000)), await(presence.expire()));
    assertEquals(List.of(), await(presence.expire()));
    assertEquals(List.of(new GatewayExpired("gw-1", 1_001_000)), events.expired);
    clock.advance(CONFIG.leaseTtlMs() - 1_000);
    assertEquals(
        List.of(new GatewayExpired("gw-2", 1_000_000 + CONFIG.leaseTtlMs())),
        await(presence.expire()),
        "ttlMs 0 is presence.leaseTtlMs");
  }

  @Test
  void withTwoInstancesOnOneRedisADeadGatewayExpiresExactlyOnce(Vertx vertx) throws Exception {
    RecordingEvents eventsA = new RecordingEvents();
    RecordingEvents eventsB = new RecordingEvents();
    PresenceService a =
        new PresenceService(store("redis", vertx), CONFIG, eventsA, Clock.systemUTC(), "a");
    PresenceService b =
        new PresenceService(store("redis", vertx), CONFIG, eventsB, Clock.systemUTC(), "b");
    long reportedAt = System.currentTimeMillis();
    await(a.report(lease("gw-dying", 1_500, room("r1", 2, "alice", "bob"))));
    await(b.report(lease("gw-alive", 60_000, room("r1", 1, "alice"), room("r2", 1, "dave"))));
    assertEquals(new RoomCount("r1", 3, 2), await(b.roomCount(new RoomCountQuery("r1"))));
    poll(
        "gw-dying's contribution to vanish",
        () -> await(a.roomCount(new RoomCountQuery("r1"))).sessions() == 1);
    assertTrue(System.currentTimeMillis() - reportedAt >= 1_500 - 50, "not before its TTL");
    assertEquals(new RoomCount("r1", 1, 1), await(b.roomCount(new RoomCountQuery("r1"))));
    for (int round = 0; round < 10; round++) { // both instances scan at once, again and again
      // each instance on an event-loop context of its own, as the presence verticles scan
      await(Future.all(ContextIssuers.each(vertx, 2, k -> (k == 0 ? a : b).expire())));
    }
    List<GatewayExpired> published = new ArrayList<>(eventsA.expired);
    published.addAll(eventsB.expired);
    assertEquals(List.of("gw-dying"), published.stream().map(GatewayExpired::gatewayId).toList());
    assertTrue(
        published.get(0).expiredAt() >= reportedAt + 1_500 - 50, "expiredAt is the lease deadline");
    assertFalse(
        await(a.report(lease("gw-dying", 1_500, room("r1", 1, "alice")))).renewed(),
        "a report after the expiry tells the gateway its lease had lapsed");
  }

  static GatewayLease lease(String gatewayId, long ttlMs, RoomPresence... rooms) {
    return new GatewayLease(gatewayId, ttlMs, List.of(rooms));
  }

  static RoomPresence room(String roomId, int sessions, String... users) {
    return new RoomPresence(roomId, sessions, List.of(users));
  }

  static List<RoomOnlineCountChanged> counts(Object... roomAndCount) {
    List<RoomOnlineCountChanged> out = new ArrayList<>();
    for (int i = 0; i < roomAndCount.length; i += 2) {
      out.add(new RoomOnlineCountChanged((String) roomAndCount[i], (Integer) roomAndCount[i + 1]));
    }
    return out;
  }
}
