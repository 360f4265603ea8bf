package io.liveroom.chat;

import static io.liveroom.chat.TestSupport.await;
import static io.liveroom.chat.TestSupport.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.chat.store.BroadcastHistory;
import io.liveroom.infra.contracts.BroadcastReceived;
import io.liveroom.infra.contracts.BroadcastSent;
import io.liveroom.infra.contracts.ChatData;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.GetMessages;
import io.liveroom.infra.contracts.MessagesPage;
import io.liveroom.infra.contracts.RoomUser;
import io.liveroom.infra.contracts.SendBroadcast;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Broadcast, history and the checks every kind shares: size, membership, rates. */
class ChatServiceTest extends ChatServiceFixture {
  @Test
  void broadcastIsSequencedStoredPublishedAndAnsweredWithServerTime() {
    service(Map.of());
    join("r1", "alice", "gw-1");
    join("r1", "bob", "gw-2");
    BroadcastSent first = await(chat.broadcast(broadcast("r1", "alice", "hello")));
    clock.advance(7);
    BroadcastSent second = await(chat.broadcast(broadcast("r1", "bob", "hi alice")));
    long b = BroadcastHistory.firstOfSequence(T0) - 1;
    assertEquals(new BroadcastSent("r1", b + 1, T0), first);
    assertEquals(new BroadcastSent("r1", b + 2, T0 + 7), second);
    ChatData one = new ChatData(b + 1, new RoomUser("alice", "Name of alice"), T0, "hello");
    ChatData two = new ChatData(b + 2, new RoomUser("bob", "Name of bob"), T0 + 7, "hi alice");
    assertEquals(
        List.of(
            new BroadcastReceived("r1", List.of(one)), new BroadcastReceived("r1", List.of(two))),
        events.broadcasts(),
        "one event per broadcast; the sender's name comes from its membership");
    assertEquals("r1", events.published.get(0).roomId());
    assertEquals(
        List.of(one, two),
        await(chat.messages(new GetMessages("r1", "bob", "s-bob", 0, 0))).messages());
    assertEquals(2, chat.metrics().snapshot().broadcasts());
  }

  @Test
  void sequenceNumbersStrictlyIncreasePerRoom() {
    service(Map.of("broadcastRoomPerSecond", "1000", "broadcastUserPerSecond", "1000"));
    join("r1", "alice", "gw-1");
    join("r1", "bob", "gw-1");
    join("r2", "alice", "gw-1");
    long last = BroadcastHistory.firstOfSequence(clock.millis()) - 1;
    for (int i = 0; i < 30; i++) {
      long seq =
          await(chat.broadcast(broadcast("r1", i % 2 == 0 ? "alice" : "bob", "m" + i))).messageId();
      assertEquals(last + 1, seq);
      last = seq;
    }
    assertEquals(
        BroadcastHistory.firstOfSequence(clock.millis()),
        await(chat.broadcast(broadcast("r2", "alice", "elsewhere"))).messageId(),
        "a new room's sequence starts");
  }

  @Test
  void historyIsCappedByCount() {
    service(Map.of("historyMaxCount", "3", "broadcastUserPerSecond", "100"));
    join("r1", "alice", "gw-1");
    for (int i = 1; i <= 5; i++) {
      await(chat.broadcast(broadcast("r1", "alice", "m" + i)));
    }
    MessagesPage page = await(chat.messages(new GetMessages("r1", null, null, 0, 0)));
    long b = page.firstSeq() - 1;
    assertEquals(List.of(b + 3, b + 4, b + 5), seqs(page));
    assertEquals(b + 3, page.oldestSeq());
    assertEquals(b + 5, page.lastSeq());
  }

  @Test
  void historyIsCappedByAge() {
    service(Map.of("historyMaxAgeMs", "1000"));
    join("r1", "alice", "gw-1");
    await(chat.broadcast(broadcast("r1", "alice", "old")));
    clock.advance(600);
    await(chat.broadcast(broadcast("r1", "alice", "recent")));
    clock.advance(600);
    MessagesPage page = await(chat.messages(new GetMessages("r1", "alice", "s-alice", 0, 0)));
    assertEquals(List.of("recent"), page.messages().stream().map(ChatData::message).toList());
    assertEquals(
        page.firstSeq() + 1, page.oldestSeq(), "the reader sees that the first message is gone");
  }

  @Test
  void getMessagesAfterAGapReturnsExactlyTheMissedRange() {
    service(Map.of("broadcastUserPerSecond", "100", "messagesPageMax", "4"));
    join("r1", "alice", "gw-1");
    join("r1", "bob", "gw-1");
    long b = BroadcastHistory.firstOfSequence(clock.millis()) - 1;
    for (int i = 1; i <= 10; i++) {
      await(chat.broadcast(broadcast("r1", "alice", "m" + i)));
    }
    assertEquals(
        List.of(b + 6, b + 7, b + 8),
        seqs(await(chat.messages(new GetMessages("r1", "bob", "s-bob", b + 5, 3)))));
    MessagesPage capped = await(chat.messages(new GetMessages("r1", "bob", "s-bob", b + 5, 100)));
    assertEquals(
        List.of(b + 6, b + 7, b + 8, b + 9),
        seqs(capped),
        "limit above messagesPageMax gets a page of 4");
    assertEquals(
        List.of(b + 10),
        seqs(await(chat.messages(new GetMessages("r1", "bob", "s-bob", b + 9, 0)))));
    assertEquals(
        List.of(), seqs(await(chat.messages(new GetMessages("r1", "bob", "s-bob", b + 10, 0)))));
    assertEquals(b + 10, capped.lastSeq());
  }

  @Test
  void nonMembersAndForeignSessionsAreRefusedForEveryKind() {
    service(Map.of());
    join("r1", "alice", "gw-1");
    join("r2", "bob", "gw-1");
    awaitFailure(ErrorCode.NOT_LOGGED_IN, chat.broadcast(broadcast("r1", "bob", "not my room")));
    awaitFailure(
        ErrorCode.NOT_LOGGED_IN,
        chat.broadcast(new SendBroadcast("r1", "alice", null, "s-old", "stale")));
    awaitFailure(ErrorCode.NOT_LOGGED_IN, chat.barrage(barrage("r1", "bob", "x")));
    awaitFailure(
        ErrorCode.NOT_LOGGED_IN, chat.command(command("r1", "bob", "x", List.of("alice"))));
    awaitFailure(
        ErrorCode.NOT_LOGGED_IN, chat.messages(new GetMessages("r1", "bob", "s-bob", 0, 0)));
    chat.flushBarrage();
    assertEquals(List.of(), events.published);
    assertEquals(List.of(), events.delivered);
    assertEquals(
        0,
        await(chat.messages(new GetMessages("r1", null, null, 0, 0))).lastSeq(),
        "nothing stored");
    assertEquals(5, chat.metrics().snapshot().rejected());
  }

  @Test
  void serverSideSendsNeedNoMembershipAndNoUserRate() {
    service(Map.of("broadcastUserPerSecond", "1"));
    long b = BroadcastHistory.firstOfSequence(clock.millis()) - 1;
    for (int i = 1; i <= 3; i++) {
      assertEquals(
          b + i,
          await(chat.broadcast(SendBroadcast.fromServer("r1", "system", "System", "notice " + i)))
              .messageId());
    }
    assertEquals(
        new RoomUser("system", "System"), events.broadcasts().get(0).messages().get(0).fromUser());
  }

  @Test
  void emptyOversizedAndMalformedTextHaveTheirOwnCodes() {
    service(
        Map.of(
            "broadcastUserPerSecond",
            "100",
            "barrageUserPerSecond",
            "100",
            "commandUserPerSecond",
            "100"));
    join("r1", "alice", "gw-1");
    join("r1", "bob", "gw-1");
    String max = "a".repeat(1024);
    String tooBig = "a".repeat(1025);
    String euros = "€".repeat(342); // 342 chars, 1026 UTF-8 bytes
    String lone = "ok \uD83D";
    List<Function<String, Future<?>>> kinds =
        List.of(
            m -> chat.broadcast(broadcast("r1", "alice", m)),
            m -> chat.barrage(barrage("r1", "alice", m)),
            m -> chat.command(command("r1", "alice", m, List.of("bob"))));
    for (Function<String, Future<?>> send : kinds) {
      awaitFailure(ErrorCode.MESSAGE_EMPTY, send.apply(""));
      awaitFailure(ErrorCode.MESSAGE_EMPTY, send.apply(null));
      awaitFailure(ErrorCode.MESSAGE_TOO_LARGE, send.apply(tooBig));
      awaitFailure(ErrorCode.MESSAGE_TOO_LARGE, send.apply(euros));
      awaitFailure(ErrorCode.INVALID_FIELD, send.apply(lone));
      await(send.apply(max));
      await(send.apply("€".repeat(341) + "a")); // 1024 bytes exactly
    }
    assertEquals(1024, io.liveroom.infra.text.Unicode.utf8Length("😀".repeat(256)));
  }

  @Test
  void broadcastPerUserRateIsLimitedAndRefills() {
    service(Map.of("broadcastUserPerSecond", "2", "broadcastRoomPerSecond", "100"));
    join("r1", "alice", "gw-1");
    join("r1", "bob", "gw-1");
    await(chat.broadcast(broadcast("r1", "alice", "1")));
    await(chat.broadcast(broadcast("r1", "alice", "2")));
    awaitFailure(
        ErrorCode.BROADCAST_USER_RATE_LIMITED, chat.broadcast(broadcast("r1", "alice", "3")));
    await(chat.broadcast(broadcast("r1", "bob", "others are not affected")));
    clock.advance(500); // one token back at 2/s
    await(chat.broadcast(broadcast("r1", "alice", "4")));
    awaitFailure(
        ErrorCode.BROADCAST_USER_RATE_LIMITED, chat.broadcast(broadcast("r1", "alice", "5")));
    assertEquals(
        4, events.broadcasts().size(), "refused broadcasts are neither stored nor published");
    assertEquals(2, chat.metrics().snapshot().rateLimited());
  }

  @Test
  void broadcastPerRoomRateIsLimited() {
    service(Map.of("broadcastUserPerSecond", "10", "broadcastRoomPerSecond", "3"));
    for (String u : List.of("a", "b", "c", "d")) {
      join("r1", u, "gw-1");
      join("r2", u, "gw-1");
    }
    await(chat.broadcast(broadcast("r1", "a", "1")));
    await(chat.broadcast(broadcast("r1", "b", "2")));
    await(chat.broadcast(broadcast("r1", "c", "3")));
    awaitFailure(ErrorCode.BROADCAST_ROOM_RATE_LIMITED, chat.broadcast(broadcast("r1", "d", "4")));
    assertEquals(
        BroadcastHistory.firstOfSequence(clock.millis()),
        await(chat.broadcast(broadcast("r2", "d", "other room"))).messageId());
    MessagesPage r1 = await(chat.messages(new GetMessages("r1", null, null, 0, 0)));
    assertEquals(r1.firstSeq() + 2, r1.lastSeq(), "no seq taken");
  }

  @Test
  void idleRateStateIsForgottenAndRefilled() {
    service(Map.of("broadcastUserPerSecond", "1"));
    join("r1", "alice", "gw-1");
    await(chat.broadcast(broadcast("r1", "alice", "1")));
    awaitFailure(
        ErrorCode.BROADCAST_USER_RATE_LIMITED, chat.broadcast(broadcast("r1", "alice", "2")));
    clock.advance(1_000);
    chat.sweep();
    await(chat.broadcast(broadcast("r1", "alice", "3")));
    assertEquals(2, events.broadcasts().size());
  }

  private static List<Long> seqs(MessagesPage page) {
    return page.messages().stream().map(ChatData::messageId).toList();
  }
}
