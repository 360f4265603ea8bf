package io.liveroom.room;

import io.liveroom.infra.store.StreamRecord;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Future;

/**
 * One node per room: the node of the room's existing media streams while it is alive, else the
 * least-loaded live media node.
 */
final class RoomMediaPlacement implements MediaPlacement {
  private final Stores stores;
  private final MediaNodes nodes;

  RoomMediaPlacement(Stores stores, MediaNodes nodes) {
    this.stores = stores;
    this.nodes = nodes;
  }

  @Override
  public Future<String> nodeFor(String roomId) {
    return stores.streams().inRoom(roomId).map(streams -> streams.stream().map(StreamRecord::nodeId)
        .filter(id -> id != null && nodes.alive(id)).findFirst().orElseGet(nodes::leastLoaded));
  }
}
