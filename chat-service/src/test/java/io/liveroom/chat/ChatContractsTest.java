package io.liveroom.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liveroom.infra.contracts.BarrageReceived;
import io.liveroom.infra.contracts.BroadcastReceived;
import io.liveroom.infra.contracts.ChatData;
import io.liveroom.infra.contracts.CustomCommandSent;
import io.liveroom.infra.contracts.MessagesPage;
import io.liveroom.infra.contracts.RoomUser;
import io.liveroom.infra.contracts.SendCustomCommand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The IM contract records cross the clustered event bus intact. */
class ChatContractsTest {
  private static final RoomUser ZOE = new RoomUser("u-2", "Zoë 🎤 \"quoted\", comma");
  private static final ChatData DATA = new ChatData(42, ZOE, 1_700_000_000_123L, "hi 🌍 {\"x\":1}");

  @Test
  void listsAreCopiedAndImmutableAndNullListsAreEmpty() {
    List<String> to = new ArrayList<>(List.of("a"));
    SendCustomCommand command = new SendCustomCommand("r", "u", null, "s", "c", to);
    to.add("b");
    assertEquals(List.of("a"), command.toUserIds());
    assertThrows(UnsupportedOperationException.class, () -> command.toUserIds().add("c"));
    assertEquals(List.of(), new SendCustomCommand("r", "u", null, "s", "c", null).toUserIds());
    assertEquals(List.of(), new BroadcastReceived("r", null).messages());
    assertEquals(List.of(), new BarrageReceived("r", null).messages());
    assertEquals(List.of(), new CustomCommandSent("r", null).notInRoom());
    assertEquals(List.of(), new MessagesPage("r", null, 0, 1, 0).messages());
  }
}
