package io.liveroom.infra.store;

import io.vertx.core.Future;
import java.util.List;

/**
 * Room -> media node, one placement per room deployment-wide (SET NX semantics), each under a lease
 * its holders renew while the room has media. Moves are compare-and-set, so one room-service
 * instance moves a room off a dead node, whatever number of them notice.
 */
public interface PlacementStore {
  /**
   * Places {@code roomId} on {@code nodeId} for {@code leaseMs} unless it is placed already.
   * Returns the placement that holds: the new one, or the one that was there first.
   */
  Future<RoomPlacement> place(String roomId, String nodeId, long leaseMs);

  /** The room's placement while its lease holds, else null. */
  Future<RoomPlacement> get(String roomId);

  /** Extends the lease when the room is still on {@code nodeId}; returns whether it did. */
  Future<Boolean> renew(String roomId, String nodeId, long leaseMs);

  /** Ends the placement when the room is still on {@code nodeId}; returns whether it did. */
  Future<Boolean> release(String roomId, String nodeId);

  /**
   * Moves the room from {@code fromNodeId} to {@code toNodeId} (new lease, moves + 1) when it is
   * still on {@code fromNodeId}; returns the new placement, or null when this call did not move it.
   */
  Future<RoomPlacement> move(String roomId, String fromNodeId, String toNodeId, long leaseMs);

  /** The live placements on one node, by roomId. */
  Future<List<RoomPlacement>> roomsOn(String nodeId);

  /** The nodes holding at least one placement (possibly lapsed: {@link #roomsOn} tells), sorted. */
  Future<List<String>> nodes();
}
