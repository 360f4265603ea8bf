package io.liveroom.chat;

import io.liveroom.infra.contracts.CustomCommandDelivered;
import io.liveroom.infra.contracts.LiveEvent;
import io.liveroom.infra.contracts.RoomEvent;
import io.vertx.core.Future;

/**
 * Where chat-service sends what it accepted: room events to members, commands to one gateway's
 * sessions.
 */
public interface ChatEvents {
  /**
   * Publishes an event (BroadcastReceived, BarrageReceived) to every gateway with members in {@code
   * roomId}.
   */
  void publish(String roomId, RoomEvent event);

  /** Sends a custom command to the gateway holding the recipient's session. */
  void deliver(String gatewayId, CustomCommandDelivered command);

  /**
   * Appends a broadcast to the event log as {@code message.broadcast} when {@code events.broadcast}
   * is on, before the room hears of it; never fails. Default: no log.
   */
  default Future<Void> record(LiveEvent fact) {
    return Future.succeededFuture();
  }
}
