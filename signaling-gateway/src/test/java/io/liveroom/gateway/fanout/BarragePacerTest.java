package io.liveroom.gateway.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ChatData;
import io.liveroom.infra.contracts.RoomUser;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class BarragePacerTest {
  private record Write(String roomId, List<Long> ids, long atNanos) {}

  private static List<ChatData> messages(long from, long to) {
    return LongStream.rangeClosed(from, to)
        .mapToObj(i -> new ChatData(i, new RoomUser("u", "u"), 0, "m" + i))
        .toList();
  }

  private static BarragePacer pacer(
      Vertx vertx, int budget, long maxDelayMs, int maxPerFrame, List<Write> writes) {
    return new BarragePacer(
        vertx,
        budget,
        maxDelayMs,
        maxPerFrame,
        (roomId, batch) ->
            writes.add(
                new Write(
                    roomId, batch.stream().map(ChatData::messageId).toList(), System.nanoTime())));
  }

  @Test
  void gapGrowsWithTheRoomAndIsCapped(Vertx vertx) {
    BarragePacer pacer = pacer(vertx, 50_000, 250, 500, new ArrayList<>());
    assertEquals(0, pacer.gapNanos(0));
    assertEquals(2_000_000, pacer.gapNanos(100));
    assertEquals(100_000_000, pacer.gapNanos(5_000));
    assertEquals(250_000_000, pacer.gapNanos(50_000));
    assertEquals(
        0,
        pacer(vertx, 0, 250, 500, new ArrayList<>()).gapNanos(50_000),
        "budget 0 turns pacing off");
  }

  @Test
  void aQuietRoomIsWrittenAtOnceAndABusyOneMergesWithinItsGap(Vertx vertx, VertxTestContext test) {
    List<Write> writes = new ArrayList<>();
    vertx.runOnContext(
        v -> {
          BarragePacer pacer = pacer(vertx, 10_000, 1_000, 500, writes);
          long start = System.nanoTime();
          // 2,000 members at 10,000 frames/s: one write per 200 ms
          pacer.offer("r", 2_000, messages(1, 2));
          test.verify(
              () ->
                  assertEquals(
                      List.of(1L, 2L), writes.get(0).ids(), "leading edge: written at once"));
          pacer.offer("r", 2_000, messages(3, 3));
          pacer.offer("r", 2_000, messages(4, 6));
          pacer.offer("other", 2_000, messages(100, 100));
          test.verify(() -> assertEquals(2, writes.size(), "the second room has its own gap"));
          vertx.setTimer(
              400,
              t ->
                  test.verify(
                      () -> {
                        assertEquals(3, writes.size(), () -> "writes: " + writes);
                        Write merged = writes.get(2);
                        assertEquals(
                            List.of(3L, 4L, 5L, 6L),
                            merged.ids(),
                            "what came within the gap goes out as one frame, in order");
                        long after = TimeUnit.NANOSECONDS.toMillis(merged.atNanos() - start);
                        assertTrue(
                            after >= 199 && after < 390,
                            () -> "merged write after " + after + " ms, expected ~200");
                        test.completeNow();
                      }));
        });
  }

  @Test
  void aFullFrameDoesNotWaitForTheGap(Vertx vertx, VertxTestContext test) {
    List<Write> writes = new ArrayList<>();
    vertx.runOnContext(
        v -> {
          BarragePacer pacer = pacer(vertx, 1_000, 5_000, 10, writes);
          pacer.offer("r", 5_000, messages(1, 1));
          pacer.offer("r", 5_000, messages(2, 7));
          test.verify(() -> assertEquals(1, writes.size()));
          pacer.offer("r", 5_000, messages(8, 11));
          test.verify(
              () -> {
                assertEquals(2, writes.size(), "10 waiting messages go out without waiting 5 s");
                assertEquals(
                    messages(2, 11).stream().map(ChatData::messageId).toList(),
                    writes.get(1).ids());
              });
          pacer.forget("r");
          test.verify(() -> assertEquals(0, pacer.rooms()));
          test.completeNow();
        });
  }

  @Test
  void forgettingARoomDropsWhatWaitsForIt(Vertx vertx, VertxTestContext test) {
    List<Write> writes = new ArrayList<>();
    vertx.runOnContext(
        v -> {
          BarragePacer pacer = pacer(vertx, 1_000, 100, 500, writes);
          pacer.offer("r", 1_000, messages(1, 1));
          pacer.offer("r", 1_000, messages(2, 2));
          pacer.forget("r");
          vertx.setTimer(
              300,
              t ->
                  test.verify(
                      () -> {
                        assertEquals(
                            1,
                            writes.size(),
                            "the room emptied: its waiting barrage is not written");
                        test.completeNow();
                      }));
        });
  }
}
