package io.liveroom.chat.store;

import static io.liveroom.chat.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ChatData;
import io.liveroom.infra.contracts.MessagesPage;
import io.liveroom.infra.contracts.RoomUser;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
  void appendNumbersEachRoomFromOneWithoutGaps() {
    BroadcastHistory h = createHistory(vertx, 100, 60_000);
    for (int i = 1; i <= 5; i++) {
      assertEquals(i, await(h.append("r1", ALICE, "m" + i, T0 + i)).messageId());
    }
    assertEquals(1, await(h.append("r2", ALICE, "other room", T0)).messageId(), "sequences are per room");
    assertEquals(6, await(h.append("r1", ALICE, "m6", T0 + 6)).messageId());
  }

  @Test
  void appendReturnsTheMessageAsStoredAndReadBack() {
    BroadcastHistory h = createHistory(vertx, 100, 60_000);
    RoomUser zoe = new RoomUser("u-2", "Zoë 🎤 \"quoted\", {braces}");
    ChatData sent = await(h.append("r1", zoe, "héllo 🌍 \"x\" \\ {\"json\":1}\n", T0 + 42));
    assertEquals(new ChatData(1, zoe, T0 + 42, "héllo 🌍 \"x\" \\ {\"json\":1}\n"), sent);
    ChatData anonymous = await(h.append("r1", new RoomUser("bob", null), "hi", T0 + 43));
    assertEquals(List.of(sent, anonymous), await(h.after("r1", 0, 10, T0 + 50)).messages());
  }

  @Test
  void afterReturnsExactlyTheRangeAfterTheGivenSeq() {
    BroadcastHistory h = createHistory(vertx, 100, 60_000);
    appendMany(h, "r1", 10, T0);
    MessagesPage page = await(h.after("r1", 4, 100, T0 + 100));
    assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), seqs(page));
    assertEquals(10, page.lastSeq());
    assertEquals(1, page.oldestSeq());
    assertEquals("r1", page.roomId());
    assertEquals(List.of(5L, 6L, 7L), seqs(await(h.after("r1", 4, 3, T0 + 100))), "limit caps the page");
    assertEquals(List.of(8L, 9L, 10L), seqs(await(h.after("r1", 7, 3, T0 + 100))), "the next page follows");
  }

  @Test
  void afterTheLastSeqIsEmptyAndUnknownRoomsAreEmpty() {
    BroadcastHistory h = createHistory(vertx, 100, 60_000);
    appendMany(h, "r1", 3, T0);
    MessagesPage atEnd = await(h.after("r1", 3, 10, T0 + 10));
    assertEquals(List.of(), atEnd.messages());
    assertEquals(3, atEnd.lastSeq());
    assertEquals(List.of(), await(h.after("r1", 99, 10, T0 + 10)).messages());
    assertEquals(new MessagesPage("ghost", List.of(), 0, 1), await(h.after("ghost", 0, 10, T0)));
  }

  @Test
  void historyIsCappedByCount() {
    BroadcastHistory h = createHistory(vertx, 5, 60_000);
    appendMany(h, "r1", 12, T0);
    MessagesPage page = await(h.after("r1", 0, 100, T0 + 100));
    assertEquals(List.of(8L, 9L, 10L, 11L, 12L), seqs(page));
    assertEquals(8, page.oldestSeq());
    assertEquals(12, page.lastSeq());
  }

  @Test
  void historyIsCappedByAge() {
    BroadcastHistory h = createHistory(vertx, 100, 10_000);
    for (int i = 1; i <= 10; i++) {
      await(h.append("r1", ALICE, "m" + i, T0 + i * 1_000L));
    }
    MessagesPage page = await(h.after("r1", 0, 100, T0 + 13_500));
    assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L, 10L), seqs(page), "sent at or after now - maxAge stays");
    assertEquals(4, page.oldestSeq());
    await(h.append("r1", ALICE, "late", T0 + 18_000)); // also trims what is too old for it
    assertEquals(List.of(8L, 9L, 10L, 11L), seqs(await(h.after("r1", 0, 100, T0 + 18_000))));
  }

  @Test
  void theSequenceOutlivesExpiredHistory() {
    BroadcastHistory h = createHistory(vertx, 100, 1_000);
    appendMany(h, "r1", 3, T0);
    MessagesPage empty = await(h.after("r1", 0, 10, T0 + 60_000));
    assertEquals(new MessagesPage("r1", List.of(), 3, 4), empty, "nothing held: oldestSeq is lastSeq + 1");
    assertEquals(4, await(h.append("r1", ALICE, "again", T0 + 60_000)).messageId());
  }

  @Test
  void concurrentAppendsFormOneGapFreeSequencePerRoom() throws Exception {
    BroadcastHistory h = createHistory(vertx, 10_000, 600_000);
    assertGapFree(List.of(h), 8, 50, 3);
  }

  /**
   * {@code threads} threads append {@code perThread} messages to each of {@code rooms} rooms, spread
   * over {@code histories} (instances sharing one backend); every room must end up holding exactly
   * 1..N in sequence order, each message once, and every append must have returned its own seq.
   */
  protected void assertGapFree(List<BroadcastHistory> histories, int threads, int perThread, int rooms)
      throws Exception {
    Map<String, List<Future<ChatData>>> appends = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int t = 0; t < threads; t++) {
        BroadcastHistory h = histories.get(t % histories.size());
        String user = "user-" + t;
        pool.execute(() -> {
          for (int i = 0; i < perThread; i++) {
            for (int r = 0; r < rooms; r++) { // issue, never wait
              appends.computeIfAbsent("busy-" + r, k -> Collections.synchronizedList(new ArrayList<>()))
                  .add(h.append("busy-" + r, new RoomUser(user, null), user + "#" + i, T0 + i));
            }
          }
        });
      }
    } finally {
      pool.shutdown();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "appenders did not finish");
    }
    int n = threads * perThread;
    List<Long> expected = LongStream.rangeClosed(1, n).boxed().toList();
    assertEquals(rooms, appends.size());
    for (Map.Entry<String, List<Future<ChatData>>> room : appends.entrySet()) {
      await(Future.all(room.getValue()));
      List<Long> returned = room.getValue().stream().map(f -> f.result().messageId()).sorted().toList();
      assertEquals(expected, returned, room.getKey() + ": every append gets its own seq, no gaps");
      MessagesPage page = await(histories.get(histories.size() - 1).after(room.getKey(), 0, n + 10, T0 + 1_000));
      assertEquals(expected, seqs(page), room.getKey() + ": history must be 1..N in sequence order");
      assertEquals(n, page.lastSeq());
      Set<String> texts = new HashSet<>();
      page.messages().forEach(d -> texts.add(d.message()));
      assertEquals(n, texts.size(), "each message stored once");
      for (Future<ChatData> f : room.getValue()) { // stored under the seq its append returned
        assertEquals(f.result(), page.messages().get((int) f.result().messageId() - 1));
      }
    }
  }

  protected static void appendMany(BroadcastHistory h, String roomId, int count, long sendTime) {
    for (int i = 1; i <= count; i++) {
      await(h.append(roomId, ALICE, "m" + i, sendTime + i));
    }
  }

  protected static List<Long> seqs(MessagesPage page) {
    return page.messages().stream().map(ChatData::messageId).toList();
  }
}
