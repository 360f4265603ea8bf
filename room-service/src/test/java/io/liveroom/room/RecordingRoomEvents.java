package io.liveroom.room;

import io.liveroom.infra.contracts.MediaStop;
import java.util.ArrayList;
import java.util.List;

/** RoomEvents for tests: what room-service published to rooms, and the commands it sent (media stops too). */
final class RecordingRoomEvents implements RoomEvents {
  final List<Record> published = new ArrayList<>();
  final List<Record> commands = new ArrayList<>();

  @Override
  public void publish(String roomId, Record event) {
    published.add(event);
  }

  @Override
  public void toGateway(String gatewayId, Record command) {
    commands.add(command);
  }

  @Override
  public void stopMedia(String nodeId, String streamId, String peerId) {
    commands.add(new MediaStop(peerId, streamId));
  }
}
