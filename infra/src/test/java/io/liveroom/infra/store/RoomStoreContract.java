package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RoomStore} backend must have, together with the membership store of
 * the same {@link Stores} (closing a room checks its members). A backend's test supplies {@link
 * #config}.
 */
public abstract class RoomStoreContract extends StoresContractSupport {
  protected RoomStore rooms;
  protected MembershipStore membership;

  @BeforeEach
  void pickStores() {
    rooms = stores.rooms();
    membership = stores.membership();
  }

  // ---- open / info

  @Test
  void openOfANewRoomReturnsTheProposedSettings() {
    RoomInfo proposed = room("r1", RoomInfo.LIVE, 50);
    assertEquals(proposed, await(rooms.open(proposed)));
    assertEquals(proposed, await(rooms.info("r1")));
    assertEquals(List.of("r1"), await(rooms.list(0, 10)));
    assertEquals(1, await(rooms.roomCount()));
  }

  @Test
  void openOfAnOpenRoomReturnsTheExistingSettingsUnchanged() {
    RoomInfo first = room("r1", RoomInfo.LIVE, 50);
    RoomInfo later = new RoomInfo("r1", RoomInfo.P2P, 2, first.createdAt() + 60_000);
    await(rooms.open(first));
    assertEquals(
        first, await(rooms.open(later)), "the room keeps the settings of the login that opened it");
    assertEquals(first, await(rooms.info("r1")));
    assertEquals(first, await(rooms.open(first)));
    assertEquals(1, await(rooms.roomCount()), "reopening must not index the room twice");
    assertEquals(List.of("r1"), await(rooms.list(0, 10)));
  }

  @Test
  void infoOfARoomThatIsNotOpenIsNull() {
    assertNull(await(rooms.info("ghost")));
    await(rooms.open(room("r1", RoomInfo.LIVE, 10)));
    assertNull(await(rooms.info("ghost")));
    assertNull(await(rooms.info("r")), "no prefix matching");
    assertEquals(List.of(), await(rooms.extraInfo("ghost")));
  }

  @Test
  void roomsAreIndependent() {
    RoomInfo a = room("a", RoomInfo.LIVE, 10);
    RoomInfo b = room("b", RoomInfo.P2P, 2);
    assertEquals(a, await(rooms.open(a)));
    assertEquals(b, await(rooms.open(b)));
    assertEquals(a, await(rooms.info("a")));
    assertEquals(b, await(rooms.info("b")));
  }

  // ---- closeIfEmpty

  @Test
  void closeIfEmptyKeepsARoomThatHasAMember() {
    RoomInfo r1 = room("r1", RoomInfo.LIVE, 10);
    await(rooms.open(r1));
    RoomExtraInfo topic = extra("topic", "hello", 1);
    assertTrue(await(rooms.setExtraInfo("r1", topic, 10)));
    await(membership.join(member("r1", "alice", "s1"), 10));

    assertFalse(await(rooms.closeIfEmpty("r1")), "a room with a member must stay open");
    assertEquals(r1, await(rooms.info("r1")));
    assertEquals(List.of(topic), await(rooms.extraInfo("r1")));
    assertEquals(List.of("r1"), await(rooms.list(0, 10)));
    assertEquals(1, await(rooms.roomCount()));
    assertNotNull(await(membership.member("r1", "alice")), "closing never touches membership");

    assertNotNull(await(membership.leave("r1", "alice", "s1")));
    assertTrue(await(rooms.closeIfEmpty("r1")), "the last member has left");
    assertNull(await(rooms.info("r1")));
    assertEquals(List.of(), await(rooms.extraInfo("r1")));
    assertEquals(List.of(), await(rooms.list(0, 10)));
    assertEquals(0, await(rooms.roomCount()));
  }

  @Test
  void aMemberOfAnotherRoomDoesNotKeepARoomOpen() {
    await(rooms.open(room("r1", RoomInfo.LIVE, 10)));
    await(rooms.open(room("r2", RoomInfo.LIVE, 10)));
    await(membership.join(member("r2", "alice", "s1"), 10));
    assertTrue(await(rooms.closeIfEmpty("r1")));
    assertFalse(await(rooms.closeIfEmpty("r2")));
    assertEquals(List.of("r2"), await(rooms.list(0, 10)));
  }

  @Test
  void closeIfEmptyOfAnEmptyRoomClosesItEntirely() {
    await(rooms.open(room("r1", RoomInfo.LIVE, 10)));
    RoomInfo r2 = room("r2", RoomInfo.P2P, 2);
    await(rooms.open(r2));
    RoomExtraInfo r2Topic = extra("topic", "stays", 5);
    assertTrue(await(rooms.setExtraInfo("r1", extra("topic", "goes", 1), 10)));
    assertTrue(await(rooms.setExtraInfo("r1", extra("mood", "calm", 2), 10)));
    assertTrue(await(rooms.setExtraInfo("r2", r2Topic, 10)));

    assertTrue(await(rooms.closeIfEmpty("r1")));
    assertNull(await(rooms.info("r1")));
    assertEquals(List.of(), await(rooms.extraInfo("r1")), "extra info goes with the room");
    assertEquals(List.of("r2"), await(rooms.list(0, 10)));
    assertEquals(1, await(rooms.roomCount()));
    assertEquals(r2, await(rooms.info("r2")), "other rooms are untouched");
    assertEquals(List.of(r2Topic), await(rooms.extraInfo("r2")));

    assertFalse(await(rooms.closeIfEmpty("r1")), "a closed room cannot close again");
    RoomInfo reopened = new RoomInfo("r1", RoomInfo.P2P, 3, 1_700_000_500_000L);
    assertEquals(reopened, await(rooms.open(reopened)), "a closed room reopens with new settings");
    assertEquals(List.of(), await(rooms.extraInfo("r1")), "and without the old extra info");
    assertEquals(List.of("r1", "r2"), await(rooms.list(0, 10)));
  }

  @Test
  void closeIfEmptyOfARoomThatIsNotOpenIsFalse() {
    assertFalse(await(rooms.closeIfEmpty("ghost")));
    await(rooms.open(room("r1", RoomInfo.LIVE, 10)));
    assertFalse(await(rooms.closeIfEmpty("ghost")));
    assertEquals(List.of("r1"), await(rooms.list(0, 10)));
    assertEquals(1, await(rooms.roomCount()));

    await(membership.join(member("unopened", "bob", "s1"), 10));
    assertFalse(await(rooms.closeIfEmpty("unopened")), "members alone do not make a room open");
    assertEquals(1, await(membership.count("unopened")));
  }

  // ---- extra info

  @Test
  void setExtraInfoAddsAndOverwrites() {
    await(rooms.open(room("r1", RoomInfo.LIVE, 10)));
    RoomExtraInfo topic = extra("topic", "first", 1);
    RoomExtraInfo mood = extra("mood", "calm", 2);
    assertTrue(await(rooms.setExtraInfo("r1", topic, 10)));
    assertTrue(await(rooms.setExtraInfo("r1", mood, 10)));
    assertEquals(Set.of(topic, mood), Set.copyOf(await(rooms.extraInfo("r1"))));

    RoomExtraInfo newTopic = new RoomExtraInfo("topic", "second", "bob", "Bob", 1_700_000_009_000L);
    assertTrue(await(rooms.setExtraInfo("r1", newTopic, 10)));
    List<RoomExtraInfo> now = await(rooms.extraInfo("r1"));
    assertEquals(2, now.size(), "overwriting adds no key");
    assertEquals(
        Set.of(newTopic, mood), Set.copyOf(now), "the overwrite carries the new updater and time");
  }

  @Test
  void extraInfoIsSortedByKey() {
    await(rooms.open(room("r1", RoomInfo.LIVE, 10)));
    RoomExtraInfo c = extra("c", "3", 1);
    RoomExtraInfo a = extra("a", "1", 2);
    RoomExtraInfo b = extra("b", "2", 3);
    for (RoomExtraInfo info : List.of(c, a, b)) {
      assertTrue(await(rooms.setExtraInfo("r1", info, 10)));
    }
    assertEquals(List.of(a, b, c), await(rooms.extraInfo("r1")));
    RoomExtraInfo c2 = extra("c", "33", 4);
    assertTrue(await(rooms.setExtraInfo("r1", c2, 10)));
    assertEquals(List.of(a, b, c2), await(rooms.extraInfo("r1")));
  }

  @Test
  void setExtraInfoRefusesANewKeyBeyondTheCapButOverwritesAtIt() {
    await(rooms.open(room("r1", RoomInfo.LIVE, 10)));
    RoomExtraInfo a = extra("a", "1", 1);
    RoomExtraInfo b = extra("b", "2", 2);
    assertTrue(await(rooms.setExtraInfo("r1", a, 2)));
    assertTrue(await(rooms.setExtraInfo("r1", b, 2)));

    assertFalse(
        await(rooms.setExtraInfo("r1", extra("c", "3", 3), 2)), "a third key exceeds maxKeys=2");
    assertEquals(
        Set.of(a, b), Set.copyOf(await(rooms.extraInfo("r1"))), "a refused key changes nothing");

    RoomExtraInfo a2 = new RoomExtraInfo("a", "1 again", "carol", "Carol", 1_700_000_004_000L);
    assertTrue(
        await(rooms.setExtraInfo("r1", a2, 2)), "an existing key may be overwritten at the cap");
    assertEquals(Set.of(a2, b), Set.copyOf(await(rooms.extraInfo("r1"))));
    assertFalse(await(rooms.setExtraInfo("r1", extra("c", "3", 5), 2)), "still at the cap");
    assertFalse(
        await(rooms.setExtraInfo("r1", extra("c", "3", 5), 1)), "a lower cap refuses new keys too");

    RoomExtraInfo c = extra("c", "3", 6);
    assertTrue(await(rooms.setExtraInfo("r1", c, 3)), "a higher cap admits");
    assertEquals(Set.of(a2, b, c), Set.copyOf(await(rooms.extraInfo("r1"))));
  }

  @Test
  void extraInfoReturnsExactlyWhatWasSet() {
    await(rooms.open(room("r1", RoomInfo.LIVE, 10)));
    RoomExtraInfo tricky =
        new RoomExtraInfo(
            "config",
            "{\"layout\":\"grid\",\"cells\":[1,2]}\n\"quoted\" / \\ ünïcødé 🎥",
            "user-42",
            "Zoë \"Z\" O'Brien",
            1_700_000_123_456L);
    RoomExtraInfo empty = new RoomExtraInfo("empty", "", "user-43", "", 0L);
    assertTrue(await(rooms.setExtraInfo("r1", tricky, 10)));
    assertTrue(await(rooms.setExtraInfo("r1", empty, 10)));
    assertEquals(List.of(tricky, empty), await(rooms.extraInfo("r1")));
  }

  @Test
  void extraInfoAndItsCapArePerRoom() {
    await(rooms.open(room("r1", RoomInfo.LIVE, 10)));
    await(rooms.open(room("r2", RoomInfo.LIVE, 10)));
    RoomExtraInfo one = extra("topic", "r1's", 1);
    RoomExtraInfo two = extra("topic", "r2's", 2);
    assertTrue(await(rooms.setExtraInfo("r1", one, 1)));
    assertTrue(await(rooms.setExtraInfo("r2", two, 1)), "r1 being at its cap does not limit r2");
    assertFalse(await(rooms.setExtraInfo("r2", extra("other", "x", 3), 1)));
    assertEquals(List.of(one), await(rooms.extraInfo("r1")));
    assertEquals(List.of(two), await(rooms.extraInfo("r2")));
  }

  // ---- list / roomCount

  @Test
  void listIsSortedByIdAndPages() {
    List<String> ids = List.of("room-10", "b", "room-02", "A", "room-01", "a", "c");
    for (String id : ids) {
      await(rooms.open(room(id, RoomInfo.LIVE, 10)));
    }
    List<String> sorted = List.of("A", "a", "b", "c", "room-01", "room-02", "room-10");
    assertEquals(7, await(rooms.roomCount()));
    assertEquals(sorted, await(rooms.list(0, 100)));
    assertEquals(sorted, await(rooms.list(0, 7)));
    assertEquals(List.of("A", "a", "b"), await(rooms.list(0, 3)));
    assertEquals(List.of("c", "room-01", "room-02"), await(rooms.list(3, 3)));
    assertEquals(List.of("room-10"), await(rooms.list(6, 3)));
    assertEquals(List.of(), await(rooms.list(7, 3)), "past the end");
    assertEquals(List.of(), await(rooms.list(100, 3)));
    assertEquals(List.of(), await(rooms.list(2, 0)), "limit 0");
    assertEquals(
        sorted.subList(2, 7), await(rooms.list(2, Integer.MAX_VALUE)), "an unbounded limit");

    assertTrue(await(rooms.closeIfEmpty("b")));
    assertEquals(List.of("A", "a", "c"), await(rooms.list(0, 3)), "a closed room leaves the index");
    assertEquals(6, await(rooms.roomCount()));
  }

  @Test
  void anEmptyStoreListsNothing() {
    assertEquals(List.of(), await(rooms.list(0, 10)));
    assertEquals(0, await(rooms.roomCount()));
  }

  // ---- concurrency

  @Test
  void concurrentOpensOfOneRoomAllGetTheWinnersSettings() throws Exception {
    int racers = 20;
    List<RoomInfo> proposals = new ArrayList<>();
    for (int i = 0; i < racers; i++) {
      proposals.add(
          new RoomInfo(
              "contested",
              i % 2 == 0 ? RoomInfo.LIVE : RoomInfo.P2P,
              100 + i,
              1_700_000_000_000L + i));
    }
    List<RoomInfo> results = concurrently(racers, i -> rooms.open(proposals.get(i)));
    RoomInfo winner = results.get(0);
    assertTrue(proposals.contains(winner), "the settings are one racer's proposal: " + winner);
    assertEquals(Set.of(winner), new HashSet<>(results), "every racer sees the same settings");
    assertEquals(winner, await(rooms.info("contested")));
    assertEquals(List.of("contested"), await(rooms.list(0, 10)));
    assertEquals(1, await(rooms.roomCount()));
  }

  @Test
  void concurrentOpensOfManyRoomsIndexEachOnce() throws Exception {
    int racers = 20;
    List<RoomInfo> results =
        concurrently(
            racers, i -> rooms.open(room("room-" + (char) ('a' + i % 5), RoomInfo.LIVE, i)));
    for (RoomInfo r : results) {
      assertEquals(r, await(rooms.info(r.roomId())));
    }
    assertEquals(5, new HashSet<>(results).size(), "one settings per room");
    assertEquals(
        List.of("room-a", "room-b", "room-c", "room-d", "room-e"), await(rooms.list(0, 10)));
    assertEquals(5, await(rooms.roomCount()));
  }

  protected static RoomInfo room(String roomId, String mode, int maxMembers) {
    return new RoomInfo(
        roomId, mode, maxMembers, 1_700_000_000_000L + Math.abs(roomId.hashCode() % 1000));
  }

  protected static RoomExtraInfo extra(String key, String value, int n) {
    return new RoomExtraInfo(key, value, "user-" + n, "User " + n, 1_700_000_000_000L + n);
  }

  protected static Member member(String roomId, String userId, String sessionId) {
    return new Member(roomId, userId, "Name of " + userId, sessionId, "gw-1", 1_700_000_000_000L);
  }
}
