package io.liveroom.room;

import io.liveroom.infra.contracts.GatewayCommand;
import io.liveroom.infra.contracts.LiveEvent;
import io.liveroom.infra.contracts.RoomEvent;
import io.vertx.core.Future;
import java.util.List;

/** Where room-service sends what it decides: room events to members, commands to gateways. */
public interface RoomEvents {
  /** Publishes an event to every gateway with members in {@code roomId}. */
  void publish(String roomId, RoomEvent event);

  /** Sends a command to one gateway (a kick, a relayed signal for one of its sessions). */
  void toGateway(String gatewayId, GatewayCommand command);

  /**
   * Tells a media node to stop a stream's media (its registry entry is gone): the owning publisher
   * peer {@code peerId}, never a newer peer of the same streamID; null: whichever publishes it.
   */
  void stopMedia(String nodeId, String streamId, String peerId);

  /**
   * Appends what was just decided to the deployment's event log ({@code EventLog}), in order,
   * before the room hears of it; never fails (a log that cannot be reached is logged). Default: no
   * log.
   */
  default Future<Void> record(List<LiveEvent> facts) {
    return Future.succeededFuture();
  }
}
