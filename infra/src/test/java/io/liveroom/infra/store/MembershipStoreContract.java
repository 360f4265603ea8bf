package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.store.JoinResult.Outcome;
import io.liveroom.infra.testing.ContextIssuers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link MembershipStore} backend must have. A backend's test extends this
 * class and supplies {@link #createStore}; {@link #closeStore} releases what it opened.
 */
@ExtendWith(VertxExtension.class)
public abstract class MembershipStoreContract {
  protected static final long TIMEOUT_SECONDS = 10;
  protected MembershipStore store;
  private Vertx vertx;

  /** A fresh, empty store for one test. */
  protected abstract MembershipStore createStore(Vertx vertx);

  /** Releases what {@link #createStore} opened; runs before the test's Vertx closes. */
  protected void closeStore() {}

  @BeforeEach
  void openStore(Vertx vertx) {
    this.vertx = vertx;
    store = createStore(vertx);
  }

  @AfterEach
  void releaseStore() {
    closeStore();
  }

  @Test
  void joinOfANewUserIsJoined() {
    Member alice = member("r1", "alice", "s1");
    JoinResult result = await(store.join(alice, 10));
    assertEquals(Outcome.JOINED, result.outcome());
    assertNull(result.previous());
    assertEquals(alice, await(store.member("r1", "alice")));
    assertEquals(1, await(store.count("r1")));
    assertEquals(Set.of("r1"), await(store.roomsOf("alice")));
  }

  @Test
  void joinOfTheSameUserReplacesAndReturnsThePrevious() {
    Member first = member("r1", "alice", "s1");
    Member second = new Member("r1", "alice", "Alice Again", "s2", "gw-2", 1_700_000_009_999L);
    await(store.join(first, 10));
    JoinResult result = await(store.join(second, 10));
    assertEquals(Outcome.REPLACED, result.outcome());
    assertEquals(first, result.previous());
    assertEquals(second, await(store.member("r1", "alice")));
    assertEquals(1, await(store.count("r1")));
    assertEquals(List.of(second), await(store.members("r1")));
    assertEquals(Set.of("r1"), await(store.roomsOf("alice")));
  }

  @Test
  void joinBeyondTheCapIsFullAndChangesNothing() {
    await(store.join(member("r1", "u1", "s1"), 2));
    await(store.join(member("r1", "u2", "s2"), 2));
    JoinResult result = await(store.join(member("r1", "u3", "s3"), 2));
    assertEquals(Outcome.FULL, result.outcome());
    assertNull(result.previous());
    assertEquals(2, await(store.count("r1")));
    assertEquals(Set.of("u1", "u2"), userIds(await(store.members("r1"))));
    assertNull(await(store.member("r1", "u3")));
    assertEquals(Set.of(), await(store.roomsOf("u3")));
    assertEquals(
        Outcome.JOINED,
        await(store.join(member("r1", "u3", "s3"), 3)).outcome(),
        "a higher cap admits");
  }

  @Test
  void replacementIsAllowedWhenTheRoomIsFull() {
    Member u1 = member("r1", "u1", "s1");
    await(store.join(u1, 2));
    await(store.join(member("r1", "u2", "s2"), 2));
    Member u1Again = member("r1", "u1", "s1-new");
    JoinResult result = await(store.join(u1Again, 2));
    assertEquals(Outcome.REPLACED, result.outcome());
    assertEquals(u1, result.previous());
    assertEquals(2, await(store.count("r1")));
    assertEquals(u1Again, await(store.member("r1", "u1")));
  }

  @ParameterizedTest(name = "maxMembers={0}")
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void nonPositiveCapMeansUnlimited(int maxMembers) {
    for (int i = 0; i < 30; i++) {
      assertEquals(
          Outcome.JOINED, await(store.join(member("big", "u" + i, "s" + i), maxMembers)).outcome());
    }
    assertEquals(30, await(store.count("big")));
    assertEquals(
        Outcome.REPLACED, await(store.join(member("big", "u0", "s-new"), maxMembers)).outcome());
  }

  @Test
  void leaveWithTheHoldingSessionRemovesAndReturnsTheMember() {
    Member alice = member("r1", "alice", "s1");
    await(store.join(alice, 0));
    assertEquals(alice, await(store.leave("r1", "alice", "s1")));
    assertNull(await(store.member("r1", "alice")));
    assertEquals(0, await(store.count("r1")));
    assertEquals(List.of(), await(store.members("r1")));
    assertEquals(Set.of(), await(store.roomsOf("alice")));
    assertNull(await(store.leave("r1", "alice", "s1")), "a second leave finds nothing");
  }

  @Test
  void leaveWithAnotherSessionReturnsNullAndKeepsTheMember() {
    Member alice = member("r1", "alice", "s2");
    await(store.join(member("r1", "alice", "s1"), 0));
    await(store.join(alice, 0)); // s2 now holds the membership
    assertNull(
        await(store.leave("r1", "alice", "s1")),
        "the replaced session cannot end the new membership");
    assertNull(await(store.leave("r1", "alice", "")));
    assertEquals(alice, await(store.member("r1", "alice")));
    assertEquals(1, await(store.count("r1")));
    assertEquals(Set.of("r1"), await(store.roomsOf("alice")));
  }

  @Test
  void leaveWithoutSessionRemovesWhicheverSessionHoldsIt() {
    await(store.join(member("r1", "alice", "s1"), 0));
    Member current = member("r1", "alice", "s2");
    await(store.join(current, 0));
    assertEquals(current, await(store.leave("r1", "alice", null)));
    assertNull(await(store.member("r1", "alice")));
    assertEquals(Set.of(), await(store.roomsOf("alice")));
  }

  @Test
  void leaveOfANonMemberReturnsNullAndChangesNothing() {
    Member bob = member("r1", "bob", "s1");
    await(store.join(bob, 0));
    assertNull(await(store.leave("r1", "alice", "s1")));
    assertNull(await(store.leave("r1", "alice", null)));
    assertNull(await(store.leave("nowhere", "bob", null)));
    assertEquals(List.of(bob), await(store.members("r1")));
    assertEquals(Set.of("r1"), await(store.roomsOf("bob")));
  }

  @Test
  void unknownRoomsAndUsersAreEmpty() {
    assertNull(await(store.member("ghost-room", "ghost")));
    assertEquals(List.of(), await(store.members("ghost-room")));
    assertEquals(0, await(store.count("ghost-room")));
    assertEquals(Set.of(), await(store.roomsOf("ghost")));
  }

  @Test
  void viewsStayConsistentAcrossRooms() {
    Member u1a = member("rA", "u1", "s1");
    Member u1b = member("rB", "u1", "s1");
    Member u3b = member("rB", "u3", "s3");
    await(store.join(u1a, 5));
    await(store.join(u1b, 5));
    await(store.join(member("rC", "u1", "s1"), 5));
    await(store.join(member("rA", "u2", "s2"), 5));
    await(store.join(u3b, 5));
    Member u1aNew = member("rA", "u1", "s1-reconnected");
    assertEquals(u1a, await(store.join(u1aNew, 5)).previous());
    assertNotNull(await(store.leave("rA", "u2", "s2")));
    assertNull(await(store.leave("rB", "u3", "wrong-session")));
    assertNotNull(await(store.leave("rC", "u1", null)));
    assertEquals(Outcome.JOINED, await(store.join(member("rC", "u2", "s2"), 1)).outcome());
    assertEquals(Outcome.FULL, await(store.join(member("rC", "u3", "s3"), 1)).outcome());

    assertEquals(Set.of(u1aNew), Set.copyOf(await(store.members("rA"))));
    assertEquals(Set.of(u1b, u3b), Set.copyOf(await(store.members("rB"))));
    assertEquals(Set.of("u2"), userIds(await(store.members("rC"))));
    assertEquals(
        List.of(1, 2, 1),
        List.of(await(store.count("rA")), await(store.count("rB")), await(store.count("rC"))));
    assertEquals(u1aNew, await(store.member("rA", "u1")));
    assertNull(await(store.member("rA", "u2")));
    assertNull(await(store.member("rC", "u1")));
    assertEquals(Set.of("rA", "rB"), await(store.roomsOf("u1")));
    assertEquals(Set.of("rC"), await(store.roomsOf("u2")));
    assertEquals(Set.of("rB"), await(store.roomsOf("u3")));
  }

  @Test
  void concurrentJoinsNeverExceedTheCap() throws Exception {
    assertConcurrentJoins(1, 50, 10);
  }

  @Test
  void concurrentJoinsInManyRoomsNeverExceedTheirCaps() throws Exception {
    assertConcurrentJoins(20, 50, 10);
  }

  /**
   * {@code users} distinct users join each of {@code rooms} rooms at once, from several event-loop
   * contexts (as the room verticles call the store).
   */
  private void assertConcurrentJoins(int rooms, int users, int cap) throws Exception {
    int issuers = 10;
    Map<String, List<Future<JoinResult>>> joins = new ConcurrentHashMap<>();
    ContextIssuers.issue(
        vertx,
        issuers,
        first -> {
          for (int i = first; i < users; i += issuers) {
            for (int r = 0; r < rooms; r++) { // issue, never wait
              joins
                  .computeIfAbsent(
                      "crowded-" + r, k -> Collections.synchronizedList(new ArrayList<>()))
                  .add(store.join(member("crowded-" + r, "user-" + i, "s-" + i), cap));
            }
          }
        });
    assertEquals(rooms, joins.size());
    for (Map.Entry<String, List<Future<JoinResult>>> room : joins.entrySet()) {
      assertEquals(users, room.getValue().size());
      await(Future.all(room.getValue()));
      Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
      room.getValue().forEach(f -> outcomes.merge(f.result().outcome(), 1, Integer::sum));
      assertEquals(Map.of(Outcome.JOINED, cap, Outcome.FULL, users - cap), outcomes, room.getKey());
      assertEquals(cap, await(store.count(room.getKey())), room.getKey());
      assertEquals(cap, await(store.members(room.getKey())).size(), room.getKey());
    }
    int memberships = 0;
    for (int i = 0; i < users; i++) {
      Set<String> of = await(store.roomsOf("user-" + i));
      for (String roomId : of) {
        assertNotNull(
            await(store.member(roomId, "user-" + i)), "user-" + i + " listed in " + roomId);
      }
      memberships += of.size();
    }
    assertEquals(rooms * cap, memberships, "roomsOf must list exactly the JOINED memberships");
  }

  @Test
  void onGatewayListsExactlyTheMembershipsHeldThroughIt() {
    Member a1 = onGw("r1", "alice", "s1", "gw-a");
    Member b1 = onGw("r1", "bob", "s2", "gw-b");
    Member a2 = onGw("r2", "alice", "s1", "gw-a");
    Member c2 = onGw("r2", "carol", "s3", "gw-a");
    for (Member m : List.of(a1, b1, a2, c2)) {
      await(store.join(m, 0));
    }
    assertEquals(Set.of(a1, a2, c2), Set.copyOf(await(store.onGateway("gw-a"))));
    assertEquals(List.of(b1), await(store.onGateway("gw-b")));
    assertEquals(List.of(), await(store.onGateway("gw-nobody")));

    Member c2Moved = onGw("r2", "carol", "s3", "gw-b"); // resumed on another gateway
    assertEquals(c2, await(store.join(c2Moved, 0)).previous());
    Member a1Again = onGw("r1", "alice", "s9", "gw-a"); // a new session on the same gateway
    await(store.join(a1Again, 0));
    assertNotNull(await(store.leave("r2", "alice", "s1")));
    assertEquals(Set.of(a1Again), Set.copyOf(await(store.onGateway("gw-a"))));
    assertEquals(Set.of(b1, c2Moved), Set.copyOf(await(store.onGateway("gw-b"))));
    assertNotNull(await(store.leave("r1", "bob", null)));
    assertNotNull(await(store.leave("r2", "carol", "s3")));
    assertEquals(List.of(), await(store.onGateway("gw-b")));
    assertEquals(Outcome.FULL, await(store.join(onGw("r1", "dave", "s4", "gw-c"), 1)).outcome());
    assertEquals(List.of(), await(store.onGateway("gw-c")), "a FULL join is not indexed");
  }

  @Test
  void leaveGatewayRemovesOnlyAMembershipStillHeldThroughThatGateway() {
    Member moved = onGw("r1", "alice", "s1", "gw-b");
    await(store.join(onGw("r1", "alice", "s1", "gw-a"), 0));
    await(store.join(moved, 0));
    Member bob = onGw("r1", "bob", "s2", "gw-a");
    await(store.join(bob, 0));
    assertNull(await(store.leaveGateway("r1", "alice", "gw-a")), "resumed elsewhere: kept");
    assertEquals(moved, await(store.member("r1", "alice")));
    assertNull(await(store.leaveGateway("r1", "nobody", "gw-a")));
    assertEquals(bob, await(store.leaveGateway("r1", "bob", "gw-a")));
    assertNull(await(store.leaveGateway("r1", "bob", "gw-a")), "a second eviction finds nothing");
    assertNull(await(store.member("r1", "bob")));
    assertEquals(Set.of(), await(store.roomsOf("bob")));
    assertEquals(1, await(store.count("r1")));
    assertEquals(List.of(), await(store.onGateway("gw-a")));
    assertEquals(moved, await(store.leaveGateway("r1", "alice", "gw-b")));
    assertEquals(0, await(store.count("r1")));
    assertEquals(List.of(), await(store.onGateway("gw-b")));
  }

  @Test
  void moveSessionMovesOnlyAMembershipTheSessionStillHolds() {
    Member a = onGw("r1", "alice", "s1", "gw-a");
    await(store.join(a, 0));
    Member moved = await(store.moveSession("r1", "alice", "s1", "gw-b"));
    assertEquals(onGw("r1", "alice", "s1", "gw-b"), moved);
    assertEquals(moved, await(store.member("r1", "alice")));
    assertEquals(List.of(), await(store.onGateway("gw-a")));
    assertEquals(List.of(moved), await(store.onGateway("gw-b")));
    assertNull(await(store.moveSession("r1", "alice", "s-other", "gw-c")), "another session's");
    assertEquals(moved, await(store.member("r1", "alice")));
    assertNotNull(await(store.leaveGateway("r1", "alice", "gw-b")));
    assertNull(await(store.moveSession("r1", "alice", "s1", "gw-c")), "evicted: not put back");
    assertNull(await(store.member("r1", "alice")));
    assertEquals(Set.of(), await(store.roomsOf("alice")));
    assertEquals(List.of(), await(store.onGateway("gw-c")));
  }

  @Test
  void leaveHeldRemovesOnlyTheSessionThroughThatGateway() {
    Member a = onGw("r1", "alice", "s1", "gw-a");
    await(store.join(a, 0));
    assertNull(await(store.leaveHeld("r1", "alice", "s1", "gw-b")), "held through another");
    assertNull(await(store.leaveHeld("r1", "alice", "s2", "gw-a")), "held by another session");
    assertNull(await(store.leaveHeld("r1", "nobody", "s1", "gw-a")));
    assertEquals(a, await(store.member("r1", "alice")));
    assertEquals(a, await(store.leaveHeld("r1", "alice", "s1", "gw-a")));
    assertNull(await(store.member("r1", "alice")));
    assertEquals(Set.of(), await(store.roomsOf("alice")));
    assertEquals(List.of(), await(store.onGateway("gw-a")));
    assertEquals(0, await(store.count("r1")));
  }

  @Test
  void concurrentEvictionsOfAGatewayRemoveEachMemberExactlyOnce() {
    List<Member> all = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Member m = onGw("room-" + (i % 6), "user-" + i, "s-" + i, i % 3 == 0 ? "gw-live" : "gw-dead");
      all.add(m);
      await(store.join(m, 0));
    }
    List<Member> dead = await(store.onGateway("gw-dead"));
    assertEquals(40, dead.size());
    List<Future<Member>> evictions = new ArrayList<>();
    for (int round = 0; round < 3; round++) { // three room-service instances act on the same expiry
      for (Member m : dead) {
        evictions.add(store.leaveGateway(m.roomId(), m.userId(), "gw-dead"));
      }
    }
    await(Future.all(evictions));
    List<Member> removed = evictions.stream().map(Future::result).filter(m -> m != null).toList();
    assertEquals(Set.copyOf(dead), Set.copyOf(removed));
    assertEquals(dead.size(), removed.size(), "each member is evicted exactly once");
    assertEquals(List.of(), await(store.onGateway("gw-dead")));
    assertEquals(20, await(store.onGateway("gw-live")).size());
    int left = 0;
    for (int r = 0; r < 6; r++) {
      left += await(store.count("room-" + r));
    }
    assertEquals(20, left);
  }

  @Test
  void restorePutsBackALostMembershipWithItsIndexes() {
    Member alice = onGw("r1", "alice", "s1", "gw-a");
    assertNull(await(store.restore(alice)), "nothing held the user: restored");
    assertEquals(alice, await(store.member("r1", "alice")));
    assertEquals(Set.of("r1"), await(store.roomsOf("alice")));
    assertEquals(List.of(alice), await(store.onGateway("gw-a")));
    assertNull(await(store.restore(alice)), "restoring twice is harmless");
    assertEquals(1, await(store.count("r1")));
  }

  @Test
  void restoreIgnoresTheCapAndKeepsAnotherSessionsMembership() {
    await(store.join(member("r1", "bob", "s-bob"), 1));
    Member alice = onGw("r1", "alice", "s1", "gw-a");
    assertNull(
        await(store.restore(alice)), "a member admitted before is restored even over the cap");
    assertEquals(2, await(store.count("r1")));
    Member newer = onGw("r1", "carol", "s-new", "gw-b");
    await(store.join(newer, 0));
    Member stale = onGw("r1", "carol", "s-old", "gw-a");
    assertEquals(newer, await(store.restore(stale)), "a later login of the same user wins");
    assertEquals(newer, await(store.member("r1", "carol")));
    assertEquals(List.of(alice), await(store.onGateway("gw-a")), "the refused seat is not indexed");
  }

  @Test
  void restoreOfTheSameSessionThroughAnotherGatewayMovesTheIndex() {
    await(store.join(onGw("r1", "alice", "s1", "gw-a"), 0));
    Member moved = onGw("r1", "alice", "s1", "gw-b");
    assertNull(await(store.restore(moved)));
    assertTrue(await(store.onGateway("gw-a")).isEmpty());
    assertEquals(List.of(moved), await(store.onGateway("gw-b")));
  }

  private static Member onGw(String roomId, String userId, String sessionId, String gatewayId) {
    return new Member(
        roomId, userId, "Name of " + userId, sessionId, gatewayId, 1_700_000_000_000L);
  }

  protected static Member member(String roomId, String userId, String sessionId) {
    return new Member(
        roomId,
        userId,
        "Name of " + userId,
        sessionId,
        "gw-1",
        1_700_000_000_000L + userId.hashCode());
  }

  protected static Set<String> userIds(Collection<Member> members) {
    return members.stream().map(Member::userId).collect(Collectors.toSet());
  }

  /** Blocks the test thread (never an event loop) for the result of a store operation. */
  protected static <T> T await(Future<T> future) {
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
