package io.liveroom.room;

import io.liveroom.infra.contracts.KickSession;

/** Where room-service sends what it decides: room events to members, commands to gateways. */
public interface RoomEvents {
  /** Publishes an event to every gateway with members in {@code roomId}. */
  void publish(String roomId, Record event);

  /** Tells one gateway to drop one of its sessions from a room. */
  void kick(String gatewayId, KickSession kick);
}
