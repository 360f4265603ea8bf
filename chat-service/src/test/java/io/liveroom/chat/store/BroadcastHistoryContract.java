package io.liveroom.chat.store;

import static io.liveroom.chat.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ChatData;
import io.liveroom.infra.contracts.MessagesPage;
import io.liveroom.infra.contracts.RoomUser;
import io.liveroom.infra.testing.ContextIssuers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The behaviour every {@link BroadcastHistory} backend must have. A backend's test extends this
 * class and supplies {@link #createHistory}; {@link #closeHistories} releases what it opened.
 */
@ExtendWith(VertxExtension.class)
public abstract class BroadcastHistoryContract {
  protected static final RoomUser ALICE = new RoomUser("alice", "Alice");
  protected static final long T0 = 1_700_000_000_000L;
  protected Vertx vertx;

  /** A fresh, empty history with these caps. */
  protected abstract BroadcastHistory createHistory(Vertx vertx, int maxCount, long maxAgeMs);

  protected void closeHistories() {}

  @BeforeEach
  void keepVertx(Vertx vertx) {
    this.vertx = vertx;
  }

  @AfterEach
  void release() {
    closeHistories();
  }

  @Test
  void appendNumbersEachRoomWithoutGapsFromItsStart() {
    BroadcastHistory h = createHistory(vertx, 100, 60_000);
    long b = base(T0 + 1);
    for (int i = 1; i <= 5; i++) {
      assertEquals(b + i, await(h.append("r1", ALICE, "m" + i, T0 + i)).messageId());
    }
    assertEquals(
        base(T0) + 1,
        await(h.append("r2", ALICE, "other room", T0)).messageId(),
        "sequences are per room");
    assertEquals(b + 6, await(h.append("r1", ALICE, "m6", T0 + 6)).messageId());
    assertEquals(b + 1, await(h.after("r1", 0, 1, T0 + 7)).firstSeq());
  }

  @Test
  void aSequenceStartsAtItsFirstSendTimeTimesAThousand() {
    assertEquals(1_700_000_000_000_001L, BroadcastHistory.firstOfSequence(1_700_000_000_000L));
    assertTrue(
        BroadcastHistory.firstOfSequence(4_102_444_800_000L) < (1L << 53),
        "JavaScript-safe until 2100");
  }

  @Test
  void appendReturnsTheMessageAsStoredAndReadBack() {
    BroadcastHistory h = createHistory(vertx, 100, 60_000);
    RoomUser zoe = new RoomUser("u-2", "Zoë 🎤 \"quoted\", {braces}");
    ChatData sent = await(h.append("r1", zoe, "héllo 🌍 \"x\" \\ {\"json\":1}\n", T0 + 42));
    assertEquals(
        new ChatData(base(T0 + 42) + 1, zoe, T0 + 42, "héllo 🌍 \"x\" \\ {\"json\":1}\n"), sent);
    ChatData anonymous = await(h.append("r1", new RoomUser("bob", null), "hi", T0 + 43));
    assertEquals(List.of(sent, anonymous), await(h.after("r1", 0, 10, T0 + 50)).messages());
  }

  @Test
  void afterReturnsExactlyTheRangeAfterTheGivenSeq() {
    BroadcastHistory h = createHistory(vertx, 100, 60_000);
    appendMany(h, "r1", 10, T0);
    long b = base(T0 + 1);
    MessagesPage page = await(h.after("r1", b + 4, 100, T0 + 100));
    assertEquals(ids(b, 5, 10), seqs(page));
    assertEquals(b + 10, page.lastSeq());
    assertEquals(b + 1, page.oldestSeq());
    assertEquals(b + 1, page.firstSeq());
    assertEquals("r1", page.roomId());
    assertEquals(
        ids(b, 5, 7), seqs(await(h.after("r1", b + 4, 3, T0 + 100))), "limit caps the page");
    assertEquals(
        ids(b, 8, 10), seqs(await(h.after("r1", b + 7, 3, T0 + 100))), "the next page follows");
    assertEquals(
        ids(b, 1, 3), seqs(await(h.after("r1", 0, 3, T0 + 100))), "after 0: from the start");
  }

  @Test
  void afterTheLastSeqIsEmptyAndUnknownRoomsAreEmpty() {
    BroadcastHistory h = createHistory(vertx, 100, 60_000);
    appendMany(h, "r1", 3, T0);
    long b = base(T0 + 1);
    MessagesPage atEnd = await(h.after("r1", b + 3, 10, T0 + 10));
    assertEquals(List.of(), atEnd.messages());
    assertEquals(b + 3, atEnd.lastSeq());
    assertEquals(List.of(), await(h.after("r1", b + 99, 10, T0 + 10)).messages());
    assertEquals(new MessagesPage("ghost", List.of(), 0, 1, 0), await(h.after("ghost", 0, 10, T0)));
  }

  @Test
  void historyIsCappedByCount() {
    BroadcastHistory h = createHistory(vertx, 5, 60_000);
    appendMany(h, "r1", 12, T0);
    long b = base(T0 + 1);
    MessagesPage page = await(h.after("r1", 0, 100, T0 + 100));
    assertEquals(ids(b, 8, 12), seqs(page));
    assertEquals(b + 8, page.oldestSeq());
    assertEquals(b + 12, page.lastSeq());
  }

  @Test
  void historyIsCappedByAge() {
    BroadcastHistory h = createHistory(vertx, 100, 10_000);
    for (int i = 1; i <= 10; i++) {
      await(h.append("r1", ALICE, "m" + i, T0 + i * 1_000L));
    }
    long b = base(T0 + 1_000);
    MessagesPage page = await(h.after("r1", 0, 100, T0 + 13_500));
    assertEquals(ids(b, 4, 10), seqs(page), "sent at or after now - maxAge stays");
    assertEquals(b + 4, page.oldestSeq());
    await(h.append("r1", ALICE, "late", T0 + 18_000)); // also trims what is too old for it
    assertEquals(ids(b, 8, 11), seqs(await(h.after("r1", 0, 100, T0 + 18_000))));
  }

  @Test
  void theSequenceOutlivesExpiredHistory() {
    BroadcastHistory h = createHistory(vertx, 100, 1_000);
    appendMany(h, "r1", 3, T0);
    long b = base(T0 + 1);
    MessagesPage empty = await(h.after("r1", 0, 10, T0 + 60_000));
    assertEquals(
        new MessagesPage("r1", List.of(), b + 3, b + 4, b + 1),
        empty,
        "nothing held: oldestSeq is lastSeq + 1");
    assertEquals(b + 4, await(h.append("r1", ALICE, "again", T0 + 60_000)).messageId());
  }

  @Test
  void concurrentAppendsFormOneGapFreeSequencePerRoom() throws Exception {
    BroadcastHistory h = createHistory(vertx, 10_000, 600_000);
    assertGapFree(List.of(h), 8, 50, 3);
  }

  /**
   * {@code threads} appenders, each on an event-loop context of its own, append {@code perThread}
   * messages to each of {@code rooms} rooms, spread over {@code histories} (instances sharing one
   * backend); every room must end up holding exactly first..first+N-1 in sequence order, each
   * message once, and every append must have returned its own seq.
   */
  protected void assertGapFree(
      List<BroadcastHistory> histories, int threads, int perThread, int rooms) throws Exception {
    Map<String, List<Future<ChatData>>> appends = new ConcurrentHashMap<>();
    // as the chat verticles call the store: the Redis client is driven from its contexts
    ContextIssuers.issue(
        vertx,
        threads,
        t -> {
          BroadcastHistory h = histories.get(t % histories.size());
          String user = "user-" + t;
          for (int i = 0; i < perThread; i++) {
            for (int r = 0; r < rooms; r++) { // issue, never wait
              appends
                  .computeIfAbsent(
                      "busy-" + r, k -> Collections.synchronizedList(new ArrayList<>()))
                  .add(h.append("busy-" + r, new RoomUser(user, null), user + "#" + i, T0 + i));
            }
          }
        });
    int n = threads * perThread;
    assertEquals(rooms, appends.size());
    for (Map.Entry<String, List<Future<ChatData>>> room : appends.entrySet()) {
      await(Future.all(room.getValue()));
      MessagesPage page =
          await(histories.get(histories.size() - 1).after(room.getKey(), 0, n + 10, T0 + 1_000));
      long first = page.firstSeq(); // set by whichever append came first
      List<Long> expected = LongStream.range(0, n).map(i -> first + i).boxed().toList();
      List<Long> returned =
          room.getValue().stream().map(f -> f.result().messageId()).sorted().toList();
      assertEquals(expected, returned, room.getKey() + ": every append gets its own seq, no gaps");
      assertEquals(
          expected,
          seqs(page),
          room.getKey() + ": history must be first..first+N-1 in sequence order");
      assertEquals(first + n - 1, page.lastSeq());
      Set<String> texts = new HashSet<>();
      page.messages().forEach(d -> texts.add(d.message()));
      assertEquals(n, texts.size(), "each message stored once");
      for (Future<ChatData> f : room.getValue()) { // stored under the seq its append returned
        assertEquals(f.result(), page.messages().get((int) (f.result().messageId() - first)));
      }
    }
  }

  protected static void appendMany(BroadcastHistory h, String roomId, int count, long sendTime) {
    for (int i = 1; i <= count; i++) {
      await(h.append(roomId, ALICE, "m" + i, sendTime + i));
    }
  }

  /**
   * The number before the first of a sequence whose first message was sent at {@code
   * firstSendTime}.
   */
  protected static long base(long firstSendTime) {
    return BroadcastHistory.firstOfSequence(firstSendTime) - 1;
  }

  /** {@code base + from .. base + to}. */
  protected static List<Long> ids(long base, int from, int to) {
    return LongStream.rangeClosed(from, to).map(i -> base + i).boxed().toList();
  }

  protected static List<Long> seqs(MessagesPage page) {
    return page.messages().stream().map(ChatData::messageId).toList();
  }
}
