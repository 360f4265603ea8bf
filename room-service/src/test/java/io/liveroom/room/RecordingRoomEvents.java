package io.liveroom.room;

import io.liveroom.infra.contracts.GatewayCommand;
import io.liveroom.infra.contracts.MediaStop;
import io.liveroom.infra.contracts.RoomEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * RoomEvents for tests: what room-service published to rooms, and the commands it sent (media stops
 * too).
 */
final class RecordingRoomEvents implements RoomEvents {
  final List<Record> published = new ArrayList<>();
  final List<Record> commands = new ArrayList<>();

  @Override
  public void publish(String roomId, RoomEvent event) {
    published.add((Record) event);
  }

  @Override
  public void toGateway(String gatewayId, GatewayCommand command) {
    commands.add((Record) command);
  }

  @Override
  public void stopMedia(String nodeId, String streamId, String peerId) {
    commands.add(new MediaStop(peerId, streamId));
  }
}
