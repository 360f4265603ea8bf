package io.liveroom.chat;

import static io.liveroom.chat.TestSupport.await;

import io.liveroom.chat.store.MemoryBroadcastHistory;
import io.liveroom.infra.config.Config;
import io.liveroom.infra.contracts.BarrageReceived;
import io.liveroom.infra.contracts.BroadcastReceived;
import io.liveroom.infra.contracts.CustomCommandDelivered;
import io.liveroom.infra.contracts.RoomEvent;
import io.liveroom.infra.contracts.SendBarrage;
import io.liveroom.infra.contracts.SendBroadcast;
import io.liveroom.infra.contracts.SendCustomCommand;
import io.liveroom.infra.store.Member;
import io.liveroom.infra.store.MemoryMembershipStore;
import io.liveroom.infra.testing.ManualClock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ChatService} on memory stores, a hand-moved clock and events recorded instead of sent.
 */
abstract class ChatServiceFixture {
  protected static final long T0 = 1_700_000_000_000L;
  protected final ManualClock clock = new ManualClock(T0);
  protected final MemoryMembershipStore members = new MemoryMembershipStore();
  protected final Recorded events = new Recorded();
  protected ChatConfig config;
  protected ChatService chat;

  /** A fresh service with {@code chat.*} overrides (key without the section). */
  protected ChatService service(Map<String, String> overrides) {
    Map<String, String> prefixed = new HashMap<>();
    overrides.forEach((k, v) -> prefixed.put(ChatConfig.SECTION + "." + k, v));
    config = ChatConfig.from(Config.of(prefixed));
    chat =
        new ChatService(
            new MemoryBroadcastHistory(config.historyMaxCount(), config.historyMaxAgeMs()),
            members,
            events,
            config,
            clock);
    return chat;
  }

  /**
   * {@code userId} joins {@code roomId} with session {@code "s-" + userId} on {@code gatewayId}.
   */
  protected void join(String roomId, String userId, String gatewayId) {
    await(
        members.join(
            new Member(roomId, userId, "Name of " + userId, "s-" + userId, gatewayId, T0), 0));
  }

  protected static SendBroadcast broadcast(String roomId, String userId, String message) {
    return new SendBroadcast(roomId, userId, "claimed name", "s-" + userId, message);
  }

  protected static SendBarrage barrage(String roomId, String userId, String message) {
    return new SendBarrage(roomId, userId, "claimed name", "s-" + userId, message);
  }

  protected static SendCustomCommand command(
      String roomId, String userId, String command, List<String> to) {
    return new SendCustomCommand(roomId, userId, "claimed name", "s-" + userId, command, to);
  }

  /** What the service published and delivered, in order. */
  static final class Recorded implements ChatEvents {
    record Published(String roomId, RoomEvent event) {}

    record Delivered(String gatewayId, CustomCommandDelivered command) {}

    final List<Published> published = Collections.synchronizedList(new ArrayList<>());
    final List<Delivered> delivered = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void publish(String roomId, RoomEvent event) {
      published.add(new Published(roomId, event));
    }

    @Override
    public void deliver(String gatewayId, CustomCommandDelivered command) {
      delivered.add(new Delivered(gatewayId, command));
    }

    List<BroadcastReceived> broadcasts() {
      return published.stream()
          .filter(p -> p.event() instanceof BroadcastReceived)
          .map(p -> (BroadcastReceived) p.event())
          .toList();
    }

    List<BarrageReceived> barrages() {
      return published.stream()
          .filter(p -> p.event() instanceof BarrageReceived)
          .map(p -> (BarrageReceived) p.event())
          .toList();
    }
  }
}
