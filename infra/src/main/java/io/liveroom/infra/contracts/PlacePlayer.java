package io.liveroom.infra.contracts;

import java.util.List;

/**
 * Asks room-service where a new player of {@code streamId} plays: the stream's origin node while it
 * has room, else an edge node (attached to the origin before the reply). {@code excludedNodeIds}:
 * nodes that just refused the player ({@link ErrorCode#MEDIA_NODE_FULL}), never chosen. Replied
 * with {@link StreamLocation} (its {@code nodeId} is where to send the play offer).
 */
public record PlacePlayer(String streamId, List<String> excludedNodeIds) {
  public PlacePlayer {
    excludedNodeIds = excludedNodeIds == null ? List.of() : List.copyOf(excludedNodeIds);
  }
}
