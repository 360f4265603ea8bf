package io.liveroom.room;

import static io.liveroom.room.RoomTests.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.infra.contracts.EventPayload.LeaveReason;
import io.liveroom.infra.contracts.LiveEvent;
import io.liveroom.infra.contracts.LoginRoom;
import io.liveroom.infra.contracts.LogoutRoom;
import io.liveroom.infra.store.EventLog;
import io.liveroom.infra.store.Member;
import io.liveroom.infra.store.RoomInfo;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The event log's reconciliation with the membership store: events lost with a room-service killed
 * between its store change and its append come back, and nothing in flight is touched.
 */
@ExtendWith(VertxExtension.class)
class ReconciliationTest {
  private static final long GRACE = 10_000;
  private final AtomicLong now = new AtomicLong(1_000_000);
  private LoggedRoom room;
  private Reconciliation reconciliation;

  @BeforeEach
  void setUp(Vertx vertx) {
    room = new LoggedRoom(vertx);
    reconciliation =
        new Reconciliation(
            room.stores().membership(), room.stores().rooms(), room.log, GRACE, now::get);
  }

  private void login(String user, String session) {
    await(room.rooms().login(new LoginRoom("r", user, user, session, "gw-1", 0, "live")));
  }

  /** A pass {@code afterMs} after the previous one. */
  private Reconciliation.Outcome pass(long afterMs) {
    now.addAndGet(afterMs);
    return await(reconciliation.pass());
  }

  @Test
  void aLeaveLostWithItsInstanceIsAddedAsStaleOnceItOutlastedTheGraceOverTwoPasses() {
    login("alice", "s1");
    login("bob", "s2");
    // the instance removed alice from the store and died before appending her user.left
    await(room.stores().membership().leave("r", "alice", "s1"));
    assertEquals(new Reconciliation.Outcome(1, 0, 0), pass(0), "first seen");
    assertEquals(new Reconciliation.Outcome(1, 0, 0), pass(GRACE / 2), "within the grace");
    assertEquals(new Reconciliation.Outcome(1, 1, 0), pass(GRACE / 2));
    room.assertSession("s1", "user.joined", "user.left stale");
    assertEquals(new Reconciliation.Outcome(1, 0, 0), pass(GRACE), "nothing twice");
    assertEquals(new Reconciliation.Outcome(1, 0, 0), pass(GRACE));
    await(room.rooms().logout(new LogoutRoom("r", "bob", "s2")));
    room.assertSession("s2", "user.joined", "user.left logout");
    List<String> types = room.events().stream().map(LiveEvent::type).toList();
    assertEquals("room.closed", types.get(types.size() - 1));
    assertEquals(Map.of(), await(room.log.openSessions()));
  }

  @Test
  void theLastSessionsStaleLeaveClosesTheRoomInTheLog() {
    login("alice", "s1");
    await(room.stores().membership().leave("r", "alice", "s1"));
    pass(0);
    assertEquals(1, pass(GRACE).left());
    List<String> types = room.events().stream().map(LiveEvent::type).toList();
    assertEquals(List.of("room.created", "user.joined", "user.left", "room.closed"), types);
  }

  @Test
  void aJoinLostWithItsInstanceIsAddedAndItsLaterLeavePairsWithIt() {
    login("alice", "s1");
    // the instance admitted carol to the store and died before appending her user.joined
    await(room.stores().membership().join(new Member("r", "carol", "Carol", "s3", "gw-1", 1), 0));
    pass(0);
    assertEquals(new Reconciliation.Outcome(1, 0, 1), pass(GRACE));
    room.assertSession("s3", "user.joined");
    await(room.rooms().logout(new LogoutRoom("r", "carol", "s3")));
    room.assertSession("s3", "user.joined", "user.left logout");
  }

  @Test
  void aDifferenceThatResolvesBetweenPassesIsNeverTouched() {
    login("alice", "s1");
    // a login between its store change and its append, twice: once seen by a pass each
    Member carol = new Member("r", "carol", "Carol", "s3", "gw-1", 1);
    await(room.stores().membership().join(carol, 0));
    assertEquals(0, pass(0).joined());
    await(room.log.append(List.of(RoomFacts.joined(carol)))); // its append lands
    // a logout between its store change and its append
    await(room.stores().membership().leave("r", "alice", "s1"));
    assertEquals(new Reconciliation.Outcome(1, 0, 0), pass(GRACE * 2));
    await(room.log.append(List.of(RoomFacts.left(aliceOf(), LeaveReason.LOGOUT))));
    assertEquals(new Reconciliation.Outcome(1, 0, 0), pass(GRACE * 2));
    room.assertSession("s1", "user.joined", "user.left logout");
    room.assertSession("s3", "user.joined");
  }

  @Test
  void aStoreRoomTheLogNeverSawIsComparedToo() {
    await(room.stores().rooms().open(new RoomInfo("quiet", RoomInfo.LIVE, 0, 1)));
    await(room.stores().membership().join(new Member("quiet", "dave", "Dave", "s4", "gw-1", 1), 0));
    pass(0);
    assertEquals(1, pass(GRACE).joined());
    assertEquals(List.of("dave"), userIds(await(room.log.openSessions()).get("quiet")));
  }

  private static List<String> userIds(List<EventLog.OpenSession> open) {
    return open.stream().map(o -> o.userID()).toList();
  }

  private static Member aliceOf() {
    return new Member("r", "alice", "alice", "s1", "gw-1", 1);
  }
}
