package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.EventsConfig;
import io.liveroom.infra.contracts.EventPayload;
import io.liveroom.infra.contracts.LiveEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventLog} backend must do: gap-free seqs, ordered reads, derived room
 * lifecycle, retention.
 */
public abstract class EventLogContract extends StoresContractSupport {
  protected static final EventsConfig CONFIG = new EventsConfig(10_000, 3_600_000, false);
  protected EventLog log;

  @BeforeEach
  void pickLog() {
    log = stores.events(CONFIG);
  }

  static LiveEvent joined(String room, String user, String session) {
    return LiveEvent.draft(
        room, System.currentTimeMillis(), new EventPayload.UserJoined(user, user, session, "g1"));
  }

  static LiveEvent left(String room, String user, String session, EventPayload.LeaveReason reason) {
    return LiveEvent.draft(
        room,
        System.currentTimeMillis(),
        new EventPayload.UserLeft(user, user, session, reason.wire()));
  }

  static LiveEvent extra(String room, String key) {
    return LiveEvent.draft(
        room, System.currentTimeMillis(), new EventPayload.RoomExtraInfo(key, "v", "u", "u"));
  }

  static List<String> types(List<LiveEvent> events) {
    return events.stream().map(LiveEvent::type).toList();
  }

  static void assertConsecutive(List<LiveEvent> events) {
    for (int i = 1; i < events.size(); i++) {
      assertEquals(
          events.get(i - 1).seq() + 1,
          events.get(i).seq(),
          "gap or disorder at " + i + ": " + events);
    }
  }

  @Test
  void openSessionsAreThoseJoinedAndNotYetLeftPerRoom() {
    assertEquals(Map.of(), await(log.openSessions()));
    await(
        log.append(
            List.of(
                joined("r1", "a", "s1"),
                joined("r1", "b", "s2"),
                joined("r2", "c", "s3"),
                joined("r3", "d", "s5"))));
    await(
        log.append(
            List.of(
                left("r1", "a", "s1", EventPayload.LeaveReason.LOGOUT),
                joined("r2", "c", "s4"), // takes the place of s3 (duplicate_login derived)
                left("r3", "d", "s5", EventPayload.LeaveReason.KICKED),
                left("r2", "c", "s3", EventPayload.LeaveReason.LOGOUT)))); // dropped
    Map<String, List<EventLog.OpenSession>> open = await(log.openSessions());
    assertEquals(
        Map.of(
            "r1", List.of(new EventLog.OpenSession("b", "s2", "b")),
            "r2", List.of(new EventLog.OpenSession("c", "s4", "c"))),
        open);
    await(log.append(List.of(left("r1", "b", "s2", EventPayload.LeaveReason.LOGOUT))));
    assertEquals(Set.of("r2"), await(log.openSessions()).keySet(), "an emptied room is gone");
  }

  @Test
  void appendAssignsConsecutiveSeqsAndReadReturnsTheEventsAsAppended() {
    List<LiveEvent> first = await(log.append(List.of(extra("r1", "a"), extra("r2", "b"))));
    List<LiveEvent> second = await(log.append(List.of(extra("r1", "c"))));
    List<LiveEvent> all = new ArrayList<>(first);
    all.addAll(second);
    assertEquals(3, all.size());
    assertConsecutive(all);
    assertTrue(all.get(0).seq() > 0);
    EventLog.EventPage page = await(log.read(0, 100, null));
    assertEquals(all, page.events(), "a read returns what was appended, payload and all");
    assertEquals(all.get(0).seq(), page.oldestSeq());
    assertEquals(all.get(2).seq(), page.lastSeq());
    assertEquals(all.get(2).seq(), page.next());
    assertEquals(all.subList(1, 3), await(log.read(all.get(0).seq(), 100, null)).events());
    assertEquals(all.subList(1, 2), await(log.read(all.get(0).seq(), 1, null)).events());
    assertEquals(List.of(), await(log.read(all.get(2).seq(), 100, null)).events());
  }

  @Test
  void roomFilterKeepsOneRoomInOrderAndTheCursorMovesPastOtherRooms() {
    List<LiveEvent> all =
        await(
            log.append(
                List.of(extra("r1", "a"), extra("r2", "b"), extra("r1", "c"), extra("r2", "d"))));
    EventLog.EventPage page = await(log.read(0, 100, "r2"));
    assertEquals(List.of(all.get(1), all.get(3)), page.events());
    assertEquals(all.get(3).seq(), page.next());
    EventLog.EventPage one = await(log.read(0, 1, "r1"));
    assertEquals(List.of(all.get(0)), one.events());
    assertEquals(List.of(all.get(2)), await(log.read(one.next(), 1, "r1")).events());
    assertEquals(List.of(), await(log.read(0, 10, "r3")).events());
  }

  @Test
  void theFirstJoinCreatesTheRoomAndTheLastLeaveClosesIt() {
    List<LiveEvent> a = await(log.append(List.of(joined("r1", "alice", "s1"))));
    List<LiveEvent> b = await(log.append(List.of(joined("r1", "bob", "s2"))));
    List<LiveEvent> c =
        await(log.append(List.of(left("r1", "alice", "s1", EventPayload.LeaveReason.LOGOUT))));
    List<LiveEvent> d =
        await(
            log.append(
                List.of(
                    left("r1", "bob", "s2", EventPayload.LeaveReason.KICKED),
                    joined("r1", "carol", "s3"),
                    left("r1", "carol", "s3", EventPayload.LeaveReason.ROOM_CLOSED))));
    assertEquals(List.of("room.created", "user.joined"), types(a));
    assertEquals(List.of("user.joined"), types(b));
    assertEquals(List.of("user.left"), types(c));
    assertEquals(
        List.of(
            "user.left", "room.closed", "room.created", "user.joined", "user.left", "room.closed"),
        types(d));
    assertEquals(new EventPayload.RoomClosed("empty"), d.get(1).payload());
    assertEquals(new EventPayload.RoomClosed("admin"), d.get(5).payload());
    assertEquals("r1", d.get(5).roomID());
    List<LiveEvent> all = await(log.read(0, 100, null)).events();
    assertEquals(10, all.size());
    assertConsecutive(all);
  }

  @Test
  void aLeaveWithoutAJoinAndASecondJoinOfASessionAreDropped() {
    assertEquals(
        List.of(),
        types(
            await(
                log.append(List.of(left("r9", "x", "s", EventPayload.LeaveReason.GATEWAY_LOST))))),
        "no user.left without its user.joined");
    assertEquals(
        List.of("room.created", "user.joined"),
        types(await(log.append(List.of(joined("r9", "y", "s2"))))));
    assertEquals(
        List.of(),
        types(await(log.append(List.of(joined("r9", "y", "s2"))))),
        "one join per session");
    assertEquals(
        List.of("user.joined", "user.left"),
        types(
            await(
                log.append(
                    List.of(
                        joined("r9", "y", "s3"),
                        left("r9", "y", "s2", EventPayload.LeaveReason.DUPLICATE_LOGIN))))),
        "a duplicate login keeps the room open");
    assertEquals(
        List.of("user.left", "room.closed"),
        types(
            await(
                log.append(
                    List.of(
                        left("r9", "y", "s3", EventPayload.LeaveReason.LOGOUT),
                        left("r9", "y", "s3", EventPayload.LeaveReason.LOGOUT))))),
        "one leave per session");
    List<LiveEvent> all = await(log.read(0, 100, null)).events();
    assertConsecutive(all);
  }

  @Test
  void aNewSessionOfAUserTheLogStillHasInTheRoomEndsTheOldOne() {
    await(log.append(List.of(joined("r7", "ann", "s1"), joined("r7", "bo", "s9"))));
    List<LiveEvent> next = await(log.append(List.of(joined("r7", "ann", "s2"))));
    assertEquals(
        List.of("user.joined", "user.left"),
        types(next),
        "the leave its room-service never appended");
    assertEquals(
        new EventPayload.UserLeft("ann", "ann", "s1", "duplicate_login"), next.get(1).payload());
    assertEquals("r7", next.get(1).roomID());
    assertEquals(
        List.of(),
        types(
            await(log.append(List.of(left("r7", "ann", "s1", EventPayload.LeaveReason.KICKED))))));
    assertEquals(
        List.of("user.left", "user.left", "room.closed"),
        types(
            await(
                log.append(
                    List.of(
                        left("r7", "ann", "s2", EventPayload.LeaveReason.LOGOUT),
                        left("r7", "bo", "s9", EventPayload.LeaveReason.LOGOUT))))));
    assertEquals(next, await(log.read(next.get(0).seq() - 1, 2, null)).events());
  }

  @Test
  void concurrentAppendersGetGapFreeUniqueSeqs() throws Exception {
    List<List<LiveEvent>> results =
        concurrently(16, i -> log.append(List.of(extra("r" + i, "a"), extra("r" + i, "b"))));
    Set<Long> seqs = new HashSet<>();
    for (List<LiveEvent> r : results) {
      assertConsecutive(r); // one append's events stay together
      r.forEach(e -> seqs.add(e.seq()));
    }
    assertEquals(32, seqs.size());
    List<LiveEvent> all = await(log.read(0, 100, null)).events();
    assertEquals(32, all.size());
    assertConsecutive(all);
  }

  @Test
  void retentionCountDropsTheOldestAndOldestSeqSaysSo(io.vertx.core.Vertx vertx) {
    EventLog small = open(vertx, config()).events(new EventsConfig(100, 3_600_000, false));
    List<LiveEvent> all = new ArrayList<>();
    IntStream.range(0, 30)
        .forEach(
            i ->
                all.addAll(
                    await(
                        small.append(
                            IntStream.range(0, 20).mapToObj(j -> extra("r", "k")).toList()))));
    EventLog.EventPage page = await(small.read(0, 1000, null));
    assertTrue(
        page.events().size() >= 100 && page.events().size() < 600, "kept " + page.events().size());
    assertEquals(page.events().get(0).seq(), page.oldestSeq());
    assertEquals(all.get(all.size() - 1).seq(), page.lastSeq());
    assertTrue(page.oldestSeq() > all.get(0).seq(), "a consumer at seq 0 can tell it fell behind");
    assertConsecutive(page.events());
  }

  @Test
  void retentionTimeDropsOldEvents(io.vertx.core.Vertx vertx) {
    EventLog timed = open(vertx, config()).events(new EventsConfig(10_000, 1_000, false));
    await(
        timed.append(
            List.of(
                new LiveEvent(
                    0,
                    "old",
                    System.currentTimeMillis() - 60_000,
                    "room.extraInfo",
                    "r",
                    new EventPayload.RoomExtraInfo("k", "v", "u", "u")))));
    List<LiveEvent> fresh = await(timed.append(List.of(extra("r", "new"))));
    EventLog.EventPage page = await(timed.read(0, 100, null));
    assertEquals(fresh, page.events());
    assertEquals(fresh.get(0).seq(), page.oldestSeq());
  }

  @Test
  void everyPayloadSurvivesTheLog() {
    List<EventPayload> payloads =
        List.of(
            new EventPayload.StreamAdded("st", "u", "U", "s", "x"),
            new EventPayload.StreamRemoved("st", "u", "s", "unpublish"),
            new EventPayload.StreamExtraInfo("st", "u", "e"),
            new EventPayload.RoomExtraInfo("k", "v\"\u00e9\ud83d\ude00", "u", "U"),
            new EventPayload.MediaRoomMoved("n1", null, "failover"),
            new EventPayload.MessageBroadcast(7, "u", "U", "hi", 5));
    List<LiveEvent> appended =
        await(
            log.append(
                payloads.stream()
                    .map(p -> LiveEvent.draft("r", System.currentTimeMillis(), p))
                    .toList()));
    assertEquals(payloads, appended.stream().map(LiveEvent::payload).toList());
    assertEquals(appended, await(log.read(0, 100, null)).events());
  }
}
