package io.liveroom.presence.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.GatewayExpired;
import io.liveroom.infra.contracts.GatewayLease;
import io.liveroom.infra.contracts.OnlineSummary;
import io.liveroom.infra.contracts.RoomCount;
import io.liveroom.infra.contracts.RoomPresence;
import io.liveroom.infra.contracts.UserLocation;
import io.liveroom.infra.contracts.UserPresence;
import io.liveroom.infra.testing.ContextIssuers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The behaviour every {@link LeaseStore} backend must have, on real time: expiries use short TTLs
 * and poll with a deadline. A backend's test supplies {@link #createStore} and {@link #sameData}.
 */
@ExtendWith(VertxExtension.class)
public abstract class LeaseStoreContract {
  protected static final long TIMEOUT_SECONDS = 10;
  protected static final long LONG_TTL = 60_000;
  protected LeaseStore store;
  private Vertx vertx;

  /** A fresh, empty store for one test. */
  protected abstract LeaseStore createStore(Vertx vertx);

  /**
   * Another instance over the same data as {@link #store}, as a second presence-service would have.
   */
  protected abstract LeaseStore sameData(Vertx vertx);

  protected void closeStores() {}

  @BeforeEach
  void openStore(Vertx vertx) {
    this.vertx = vertx;
    store = createStore(vertx);
  }

  @AfterEach
  void releaseStores() {
    closeStores();
  }

  @Test
  void aReportIsLiveAndItsRenewalSaysSo() {
    GatewayLease lease = lease("gw-1", LONG_TTL, room("r1", 2, "alice", "bob"));
    assertFalse(await(store.report(lease)), "first report starts a lease");
    assertEquals(List.of(lease), await(store.live()));
    assertTrue(await(store.report(lease)), "second report renews it");
    assertEquals(List.of(), await(store.claimExpired()));
  }

  @Test
  void aReportReplacesTheGatewaysPreviousOne() {
    await(
        store.report(
            lease("gw-1", LONG_TTL, room("r1", 2, "alice", "bob"), room("r2", 1, "carol"))));
    GatewayLease now = lease("gw-1", LONG_TTL, room("r2", 1, "dave"));
    await(store.report(now));
    await(store.report(lease("gw-2", LONG_TTL, room("r3", 1, "erin"))));
    assertEquals(
        Set.of(now, lease("gw-2", LONG_TTL, room("r3", 1, "erin"))),
        Set.copyOf(await(store.live())));
    assertEquals(new RoomCount("r1", 0, 0), await(store.roomCount("r1")));
    assertEquals(new RoomCount("r2", 1, 1), await(store.roomCount("r2")));
    assertEquals(List.of(new UserLocation("r2", "gw-1")), await(store.user("dave")).where());
    assertFalse(await(store.user("carol")).online());
  }

  @Test
  void anExpiredLeaseStopsCountingAndIsClaimedOnce() {
    long before = System.currentTimeMillis();
    await(store.report(lease("short", 1_000, room("r1", 3, "alice", "bob"))));
    await(store.report(lease("long", LONG_TTL, room("r1", 1, "bob"))));
    assertEquals(new RoomCount("r1", 4, 2), await(store.roomCount("r1")));
    poll(
        "the short lease to stop counting",
        () -> await(store.roomCount("r1")).equals(new RoomCount("r1", 1, 1)));
    assertEquals(
        List.of("long"),
        gatewayIds(await(store.live())),
        "an expired lease is not live, claimed or not");
    List<GatewayExpired> claimed = await(store.claimExpired());
    assertEquals(List.of("short"), claimed.stream().map(GatewayExpired::gatewayId).toList());
    long expiredAt = claimed.get(0).expiredAt();
    assertTrue(
        expiredAt >= before + 1_000 - 50 && expiredAt <= System.currentTimeMillis() + 50,
        "expiredAt is the lease's deadline: " + expiredAt + " vs report at " + before);
    assertEquals(List.of(), await(store.claimExpired()), "a claim is returned once");
    assertFalse(
        await(store.report(lease("short", LONG_TTL))),
        "after its claim, a report starts a new lease");
  }

  @Test
  void aReportBeforeTheClaimRevivesTheLease() {
    await(store.report(lease("gw-1", 150, room("r1", 1, "alice"))));
    poll("the lease to run out", () -> await(store.live()).isEmpty());
    assertTrue(
        await(store.report(lease("gw-1", LONG_TTL, room("r1", 1, "alice")))), "unclaimed: renewed");
    assertEquals(List.of(), await(store.claimExpired()), "a revived lease is never claimed");
    assertEquals(new RoomCount("r1", 1, 1), await(store.roomCount("r1")));
  }

  @Test
  void countsAddSessionsButCountAUserOnce() {
    await(
        store.report(
            lease("gw-1", LONG_TTL, room("r1", 3, "alice", "bob"), room("r2", 1, "alice"))));
    await(store.report(lease("gw-2", LONG_TTL, room("r1", 2, "bob", "carol"))));
    assertEquals(new RoomCount("r1", 5, 3), await(store.roomCount("r1")));
    assertEquals(new RoomCount("r2", 1, 1), await(store.roomCount("r2")));
    assertEquals(new RoomCount("nowhere", 0, 0), await(store.roomCount("nowhere")));
    OnlineSummary summary = await(store.summary(10));
    assertEquals(6, summary.totalSessions());
    assertEquals(
        3, summary.distinctUsers(), "alice, bob, carol, whatever rooms and gateways hold them");
    assertEquals(2, summary.rooms());
  }

  @Test
  void summaryListsTheTopRoomsByUsersThenSessionsThenId() {
    await(
        store.report(
            lease(
                "gw-1",
                LONG_TTL,
                room("small", 1, "u1"),
                room("big", 2, "u1", "u2"),
                room("tie-b", 2, "u3"),
                room("tie-a", 2, "u4"),
                room("crowd", 4, "u1", "u2", "u3"))));
    await(store.report(lease("gw-2", LONG_TTL, room("big", 2, "u5", "u6"), room("empty", 0))));
    OnlineSummary top3 = await(store.summary(3));
    assertEquals(
        List.of(
            new RoomCount("big", 4, 4), new RoomCount("crowd", 4, 3), new RoomCount("tie-a", 2, 1)),
        top3.top());
    assertEquals(13, top3.totalSessions());
    assertEquals(6, top3.distinctUsers());
    assertEquals(5, top3.rooms(), "a room without sessions is not occupied");
    assertEquals(5, await(store.summary(100)).top().size());
    assertEquals(List.of(), await(store.summary(0)).top());
    assertEquals(
        new OnlineSummary(0, 0, 0, List.of()),
        await(createStore(vertx).summary(5)),
        "an empty store");
  }

  @Test
  void userPresenceListsEveryRoomAndGateway() {
    await(store.report(lease("gw-2", LONG_TTL, room("r1", 1, "alice"))));
    await(
        store.report(
            lease("gw-1", LONG_TTL, room("r2", 1, "alice"), room("r1", 2, "alice", "bob"))));
    UserPresence alice = await(store.user("alice"));
    assertTrue(alice.online());
    assertEquals(
        List.of(
            new UserLocation("r1", "gw-1"),
            new UserLocation("r1", "gw-2"),
            new UserLocation("r2", "gw-1")),
        alice.where());
    assertEquals(
        new UserPresence("bob", true, List.of(new UserLocation("r1", "gw-1"))),
        await(store.user("bob")));
    assertEquals(new UserPresence("ghost", false, List.of()), await(store.user("ghost")));
  }

  @Test
  void twoInstancesRacingClaimEachExpiryExactlyOnce() throws Exception {
    LeaseStore other = sameData(vertx);
    int gateways = 40;
    for (int i = 0; i < gateways; i++) {
      await((i % 2 == 0 ? store : other).report(lease("gw-" + i, 200, room("r", 1, "u" + i))));
    }
    poll("every lease to run out", () -> await(other.live()).isEmpty());
    List<GatewayExpired> claimed = new ArrayList<>();
    for (int round = 0; round < 5; round++) { // both instances claim at once, several times
      // each claimer on an event-loop context of its own, as the presence verticles claim
      List<Future<List<GatewayExpired>>> racing =
          ContextIssuers.each(vertx, 4, k -> (k % 2 == 0 ? store : other).claimExpired());
      for (Future<List<GatewayExpired>> f : racing) {
        claimed.addAll(await(f));
      }
    }
    List<String> ids = claimed.stream().map(GatewayExpired::gatewayId).sorted().toList();
    assertEquals(gateways, ids.size(), "each expiry claimed once: " + ids);
    assertEquals(gateways, Set.copyOf(ids).size());
  }

  @Test
  void pushLeadershipHasOneHolderUntilItLapsesOrIsReleased() {
    LeaseStore other = sameData(vertx);
    assertTrue(await(store.holdPushLeadership("a", 1_000)));
    assertFalse(await(other.holdPushLeadership("b", 1_000)));
    assertTrue(await(store.holdPushLeadership("a", 1_000)), "the holder renews");
    poll("a's leadership to lapse", () -> await(other.holdPushLeadership("b", LONG_TTL)));
    assertFalse(await(store.holdPushLeadership("a", 300)));
    await(store.releasePushLeadership("a")); // not the holder: no effect
    assertFalse(await(store.holdPushLeadership("a", 300)));
    await(other.releasePushLeadership("b"));
    assertTrue(await(store.holdPushLeadership("a", 300)), "released: taken at once");
  }

  @Test
  void pushedCountsAreSharedAndZeroRemoves() {
    assertEquals(Map.of(), await(store.pushedCounts()));
    await(store.savePushedCounts(Map.of("r1", 3, "r2", 7)));
    await(store.savePushedCounts(Map.of()));
    await(sameData(vertx).savePushedCounts(Map.of("r1", 0, "r3", 1)));
    assertEquals(Map.of("r2", 7, "r3", 1), await(store.pushedCounts()));
  }

  protected static GatewayLease lease(String gatewayId, long ttlMs, RoomPresence... rooms) {
    return new GatewayLease(gatewayId, ttlMs, List.of(rooms));
  }

  protected static RoomPresence room(String roomId, int sessions, String... users) {
    return new RoomPresence(roomId, sessions, List.of(users));
  }

  private static List<String> gatewayIds(List<GatewayLease> leases) {
    return leases.stream().map(GatewayLease::gatewayId).sorted().collect(Collectors.toList());
  }

  /** Polls {@code condition} until it holds; fails after {@link #TIMEOUT_SECONDS}. */
  public static void poll(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  /** Blocks the test thread (never an event loop) for the result of a store operation. */
  public static <T> T await(Future<T> future) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("store operation failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("store operation did not complete: " + e, e);
    }
  }
}
