package io.liveroom.chat;

import io.liveroom.chat.store.BroadcastHistory;
import io.liveroom.chat.store.MemoryBroadcastHistory;
import io.liveroom.chat.store.RedisBroadcastHistory;
import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.config.EventsConfig;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.CustomCommandDelivered;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.contracts.GetMessages;
import io.liveroom.infra.contracts.LiveEvent;
import io.liveroom.infra.contracts.RoomEvent;
import io.liveroom.infra.contracts.SendBarrage;
import io.liveroom.infra.contracts.SendBroadcast;
import io.liveroom.infra.contracts.SendCustomCommand;
import io.liveroom.infra.store.EventLog;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Deploys {@link ChatService} on the event bus: serves the four chat addresses, pushes merged
 * barrage every {@code chat.barrageTickMs} and forgets idle rate-limit state every second.
 */
public final class ChatVerticle extends VerticleBase {
  private static final long SWEEP_MS = 1_000;
  private final Node node;
  private final ChatConfig config;
  private ChatService service;
  private long ticker = -1;

  /** Whether the barrage tick is armed: it runs only while barrage waits (no idle wake-ups). */
  private final AtomicBoolean tickArmed = new AtomicBoolean();

  private long sweeper = -1;

  public ChatVerticle(Node node) {
    this.node = node;
    this.config = ChatConfig.from(node.config());
  }

  /** The running service (its metrics), or null before start. */
  public ChatService service() {
    return service;
  }

  @Override
  public Future<?> start() {
    Bus bus = node.bus();
    service =
        new ChatService(
            history(node.stores(), config),
            node.stores().membership(),
            new BusChatEvents(
                bus,
                EventsConfig.from(node.config()).broadcast()
                    ? node.stores().events(EventsConfig.from(node.config()))
                    : null),
            config,
            Clock.systemUTC());
    ChatService chat = service;
    chat.metrics().bind(node.metrics().registry());
    chat.onBarrageQueued(() -> armTick(chat));
    sweeper = vertx.setPeriodic(SWEEP_MS, id -> chat.sweep());
    return Future.join(
        bus.serve(Addresses.CHAT_BROADCAST_SEND, SendBroadcast.class, chat::broadcast).completion(),
        bus.serve(Addresses.CHAT_BARRAGE_SEND, SendBarrage.class, chat::barrage).completion(),
        bus.serve(Addresses.CHAT_COMMAND_SEND, SendCustomCommand.class, chat::command).completion(),
        bus.serve(Addresses.CHAT_MESSAGE_LIST, GetMessages.class, chat::messages).completion());
  }

  /**
   * The next barrage push, on the same tick grid a periodic timer would use (a message waits at
   * most {@code barrageTickMs}, on average half of it), armed only while barrage is queued.
   */
  private void armTick(ChatService chat) {
    if (tickArmed.compareAndSet(false, true)) {
      long tick = config.barrageTickMs();
      ticker =
          vertx.setTimer(
              Math.max(1, tick - System.currentTimeMillis() % tick),
              id -> {
                tickArmed.set(false);
                chat.flushBarrage();
              });
    }
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(ticker);
    vertx.cancelTimer(sweeper);
    if (service != null) {
      service.flushBarrage(); // what was accepted still goes out
    }
    return Future.succeededFuture();
  }

  /** Redis-backed history when the node uses Redis (shared by every instance), else in memory. */
  static BroadcastHistory history(Stores stores, ChatConfig config) {
    return stores.usesRedis()
        ? new RedisBroadcastHistory(
            stores.redis(),
            stores.config().keyPrefix(),
            config.historyMaxCount(),
            config.historyMaxAgeMs())
        : new MemoryBroadcastHistory(config.historyMaxCount(), config.historyMaxAgeMs());
  }

  /** Room events go out on the per-room address, commands to the recipient's gateway. */
  private record BusChatEvents(Bus bus, EventLog log) implements ChatEvents {
    @Override
    public Future<Void> record(LiveEvent fact) {
      if (log == null) {
        return Future.succeededFuture();
      }
      return log.append(List.of(fact))
          .<Void>mapEmpty()
          .recover(
              e -> {
                Failures.logBackground(e, "appending a broadcast to the event log");
                return Future.succeededFuture();
              });
    }

    @Override
    public void publish(String roomId, RoomEvent event) {
      bus.publish(Addresses.roomEvents(roomId), event);
    }

    @Override
    public void deliver(String gatewayId, CustomCommandDelivered command) {
      bus.send(Addresses.gatewaySessionControl(gatewayId), command);
    }
  }
}
