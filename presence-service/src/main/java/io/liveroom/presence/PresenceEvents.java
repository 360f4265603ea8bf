package io.liveroom.presence;

import io.liveroom.infra.contracts.GatewayExpired;
import io.liveroom.infra.contracts.RoomOnlineCountChanged;

/** Where presence-service sends what it decides. */
public interface PresenceEvents {
  /** A gateway's lease ran out: room-service evicts the members it held. */
  void gatewayExpired(GatewayExpired event);

  /** A room's online count changed since the last push: to every gateway with members there. */
  void roomCountChanged(RoomOnlineCountChanged event);
}
