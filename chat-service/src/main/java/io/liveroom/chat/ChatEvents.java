package io.liveroom.chat;

import io.liveroom.infra.contracts.CustomCommandDelivered;
import io.liveroom.infra.contracts.RoomEvent;

/** Where chat-service sends what it accepted: room events to members, commands to one gateway's sessions. */
public interface ChatEvents {
  /** Publishes an event (BroadcastReceived, BarrageReceived) to every gateway with members in {@code roomId}. */
  void publish(String roomId, RoomEvent event);

  /** Sends a custom command to the gateway holding the recipient's session. */
  void deliver(String gatewayId, CustomCommandDelivered command);
}
