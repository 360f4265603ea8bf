package io.liveroom.chat;

import static io.liveroom.chat.TestSupport.await;
import static io.liveroom.chat.TestSupport.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.infra.contracts.BarrageReceived;
import io.liveroom.infra.contracts.BarrageSent;
import io.liveroom.infra.contracts.ChatData;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.RoomUser;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Barrage: merged per room per tick, a batch flushed when full, a per-room budget with counted
 * drops.
 */
class ChatServiceBarrageTest extends ChatServiceFixture {
  @Test
  void messagesInsideOneTickArePushedAsOneEventPerRoom() {
    service(Map.of("barrageMaxBatch", "20", "barrageUserPerSecond", "100"));
    join("r1", "alice", "gw-1");
    join("r1", "bob", "gw-2");
    join("r2", "bob", "gw-2");
    for (int i = 0; i < 7; i++) {
      BarrageSent sent = await(chat.barrage(barrage("r1", i % 2 == 0 ? "alice" : "bob", "b" + i)));
      assertEquals(T0, sent.sendTime());
    }
    await(chat.barrage(barrage("r2", "bob", "elsewhere")));
    assertEquals(List.of(), events.published, "nothing is pushed before the tick");

    assertEquals(2, chat.flushBarrage(), "one event per room with barrage");
    List<BarrageReceived> pushed = events.barrages();
    assertEquals(2, pushed.size());
    BarrageReceived r1 =
        pushed.stream().filter(b -> b.roomId().equals("r1")).findFirst().orElseThrow();
    assertEquals(
        IntStream.range(0, 7).mapToObj(i -> "b" + i).toList(),
        r1.messages().stream().map(ChatData::message).toList(),
        "all seven, in arrival order");
    assertEquals(new RoomUser("bob", "Name of bob"), r1.messages().get(1).fromUser());
    assertEquals(
        List.of("elsewhere"),
        pushed.stream()
            .filter(b -> b.roomId().equals("r2"))
            .findFirst()
            .orElseThrow()
            .messages()
            .stream()
            .map(ChatData::message)
            .toList());
    assertEquals(
        List.of("r1", "r2"), events.published.stream().map(p -> p.roomId()).sorted().toList());

    assertEquals(0, chat.flushBarrage(), "an empty tick pushes nothing");
    assertEquals(2, events.published.size());
    assertEquals(2, chat.metrics().snapshot().barrageBatches());
    assertEquals(8, chat.metrics().snapshot().barrageAccepted());
  }

  @Test
  void aFullBatchIsPushedAtOnce() {
    service(Map.of("barrageMaxBatch", "5", "barrageUserPerSecond", "100"));
    join("r1", "alice", "gw-1");
    for (int i = 0; i < 4; i++) {
      await(chat.barrage(barrage("r1", "alice", "b" + i)));
    }
    assertEquals(List.of(), events.published);
    await(chat.barrage(barrage("r1", "alice", "b4")));
    assertEquals(
        1,
        events.barrages().size(),
        "the fifth message completes the batch: pushed without a tick");
    assertEquals(5, events.barrages().get(0).messages().size());
    await(chat.barrage(barrage("r1", "alice", "b5")));
    await(chat.barrage(barrage("r1", "alice", "b6")));
    assertEquals(1, events.barrages().size());
    assertEquals(1, chat.flushBarrage());
    assertEquals(
        List.of("b5", "b6"),
        events.barrages().get(1).messages().stream().map(ChatData::message).toList());
  }

  @Test
  void barrageIdsAreUniqueAndIncreasingOnANode() {
    service(Map.of("barrageUserPerSecond", "100"));
    join("r1", "alice", "gw-1");
    join("r2", "alice", "gw-1");
    long a = await(chat.barrage(barrage("r1", "alice", "x"))).messageId();
    long b = await(chat.barrage(barrage("r2", "alice", "y"))).messageId();
    long c = await(chat.barrage(barrage("r1", "alice", "z"))).messageId();
    assertEquals(List.of(a + 1, a + 2), List.of(b, c));
    chat.flushBarrage();
    assertEquals(
        List.of(a, c),
        events.barrages().stream()
            .filter(e -> e.roomId().equals("r1"))
            .findFirst()
            .orElseThrow()
            .messages()
            .stream()
            .map(ChatData::messageId)
            .toList());
  }

  @Test
  void overTheRoomBudgetBarrageIsDroppedCountedAndTheSenderIsTold() {
    service(Map.of("barrageRoomBudgetPerSecond", "5", "barrageUserPerSecond", "100"));
    for (String u : List.of("a", "b", "c")) {
      join("r1", u, "gw-1");
    }
    join("r2", "a", "gw-1");
    int accepted = 0;
    int throttled = 0;
    for (int i = 0; i < 8; i++) {
      String user = List.of("a", "b", "c").get(i % 3);
      if (i < 5) {
        await(chat.barrage(barrage("r1", user, "m" + i)));
        accepted++;
      } else {
        awaitFailure(ErrorCode.BARRAGE_THROTTLED, chat.barrage(barrage("r1", user, "m" + i)));
        throttled++;
      }
    }
    await(chat.barrage(barrage("r2", "a", "another room has its own budget")));
    assertEquals(List.of(5, 3), List.of(accepted, throttled));
    assertEquals(3, chat.metrics().snapshot().barrageDropped());
    assertEquals(6, chat.metrics().snapshot().barrageAccepted());
    chat.flushBarrage();
    assertEquals(
        5,
        events.barrages().stream()
            .filter(e -> e.roomId().equals("r1"))
            .findFirst()
            .orElseThrow()
            .messages()
            .size(),
        "only the accepted messages are pushed");
    clock.advance(200); // 5/s: one message's worth back
    await(chat.barrage(barrage("r1", "a", "after refill")));
    awaitFailure(ErrorCode.BARRAGE_THROTTLED, chat.barrage(barrage("r1", "b", "again over")));
    assertEquals(4, chat.metrics().snapshot().barrageDropped());
  }

  @Test
  void barragePerUserRateHasItsOwnCode() {
    service(Map.of("barrageUserPerSecond", "2", "barrageRoomBudgetPerSecond", "100"));
    join("r1", "alice", "gw-1");
    join("r1", "bob", "gw-1");
    await(chat.barrage(barrage("r1", "alice", "1")));
    await(chat.barrage(barrage("r1", "alice", "2")));
    awaitFailure(ErrorCode.BARRAGE_USER_RATE_LIMITED, chat.barrage(barrage("r1", "alice", "3")));
    await(chat.barrage(barrage("r1", "bob", "fine")));
    assertEquals(
        0, chat.metrics().snapshot().barrageDropped(), "a user's rate is not the room's budget");
    assertEquals(1, chat.metrics().snapshot().rateLimited());
  }
}
