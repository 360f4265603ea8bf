package io.liveroom.chat;

import static io.liveroom.chat.TestSupport.await;
import static io.liveroom.chat.TestSupport.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.chat.ChatServiceFixture.Recorded.Delivered;
import io.liveroom.infra.contracts.CustomCommandDelivered;
import io.liveroom.infra.contracts.CustomCommandSent;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.RoomUser;
import io.liveroom.infra.contracts.SendCustomCommand;
import io.liveroom.infra.store.Member;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Custom commands: to each listed member's session on its gateway; the others are reported. */
class ChatServiceCommandTest extends ChatServiceFixture {
  private static final RoomUser ALICE = new RoomUser("alice", "Name of alice");

  @Test
  void eachRecipientGetsTheCommandOnItsGatewayAndTheRestAreReported() {
    service(Map.of());
    join("r1", "alice", "gw-1");
    join("r1", "bob", "gw-1");
    join("r1", "carol", "gw-2");
    join("r2", "dave", "gw-2"); // in another room only
    CustomCommandSent sent =
        await(
            chat.command(
                command(
                    "r1",
                    "alice",
                    "{\"op\":\"mute\"}",
                    List.of("bob", "dave", "carol", "bob", "zed"))));
    assertEquals(new CustomCommandSent("r1", List.of("dave", "zed")), sent);
    assertEquals(
        Set.of(
            new Delivered(
                "gw-1", new CustomCommandDelivered("s-bob", "r1", ALICE, "{\"op\":\"mute\"}")),
            new Delivered(
                "gw-2", new CustomCommandDelivered("s-carol", "r1", ALICE, "{\"op\":\"mute\"}"))),
        Set.copyOf(events.delivered),
        "one delivery per distinct recipient, to the gateway holding its session");
    assertEquals(2, events.delivered.size());
    assertEquals(List.of(), events.published, "commands are not room events");
    assertEquals(2, chat.metrics().snapshot().commandDeliveries());
  }

  @Test
  void aReconnectedRecipientGetsItOnItsCurrentSession() {
    service(Map.of());
    join("r1", "alice", "gw-1");
    join("r1", "bob", "gw-1");
    await(members.join(new Member("r1", "bob", "Bob", "s-bob-2", "gw-3", T0), 0));
    await(chat.command(command("r1", "alice", "ping", List.of("bob"))));
    assertEquals(
        List.of(new Delivered("gw-3", new CustomCommandDelivered("s-bob-2", "r1", ALICE, "ping"))),
        events.delivered);
  }

  @Test
  void nobodyInTheRoomIsNotAnError() {
    service(Map.of());
    join("r1", "alice", "gw-1");
    assertEquals(
        List.of("ghost"),
        await(chat.command(command("r1", "alice", "x", List.of("ghost")))).notInRoom());
    assertEquals(List.of(), events.delivered);
  }

  @Test
  void tooManyOrNoRecipientsAreRefused() {
    service(Map.of("maxCommandRecipients", "3"));
    join("r1", "alice", "gw-1");
    awaitFailure(
        ErrorCode.TOO_MANY_RECIPIENTS,
        chat.command(command("r1", "alice", "x", List.of("a", "b", "c", "d"))));
    await(
        chat.command(command("r1", "alice", "x", List.of("a", "b", "b", "c", "a")))); // 3 distinct
    awaitFailure(ErrorCode.INVALID_FIELD, chat.command(command("r1", "alice", "x", List.of())));
    awaitFailure(
        ErrorCode.INVALID_FIELD,
        chat.command(new SendCustomCommand("r1", "alice", null, "s-alice", "x", null)));
    assertEquals(List.of(), events.delivered);
  }

  @Test
  void commandRatesPerUserAndPerRoomHaveTheirOwnCodes() {
    service(Map.of("commandUserPerSecond", "2", "commandRoomPerSecond", "3"));
    join("r1", "alice", "gw-1");
    join("r1", "bob", "gw-1");
    await(chat.command(command("r1", "alice", "1", List.of("bob"))));
    await(chat.command(command("r1", "alice", "2", List.of("bob"))));
    awaitFailure(
        ErrorCode.COMMAND_USER_RATE_LIMITED,
        chat.command(command("r1", "alice", "3", List.of("bob"))));
    await(chat.command(command("r1", "bob", "4", List.of("alice"))));
    awaitFailure(
        ErrorCode.COMMAND_ROOM_RATE_LIMITED,
        chat.command(command("r1", "bob", "5", List.of("alice"))));
    assertEquals(3, events.delivered.size());
    assertEquals(2, chat.metrics().snapshot().rateLimited());
  }
}
