package io.liveroom.room;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.store.MediaNodeRecord;
import io.liveroom.infra.store.RoomPlacement;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One media node per room, shared by every room-service instance through the placement store: a
 * room keeps its placement while its node lives (draining included); an unplaced room is placed by
 * the {@link PlacementPolicy} with SET NX semantics, so racing first publishes from any number of
 * gateways and instances agree on one node; a room whose node died is moved ({@link
 * MediaFailover}).
 */
final class StorePlacement implements MediaPlacement {
  private final Stores stores;
  private final PlacementPolicy policy;
  private final long leaseMs;
  private MediaFailover failover;

  StorePlacement(Stores stores, PlacementPolicy policy, long leaseMs) {
    this.stores = stores;
    this.policy = policy;
    this.leaseMs = leaseMs;
  }

  void failover(MediaFailover failover) {
    this.failover = failover;
  }

  @Override
  public Future<String> nodeFor(String roomId) {
    return stores
        .placements()
        .get(roomId)
        .compose(
            current ->
                current == null
                    ? place(roomId)
                    : stores
                        .mediaNodes()
                        .get(current.nodeId())
                        .compose(
                            node ->
                                node != null
                                    ? Future.succeededFuture(current.nodeId())
                                    : failover
                                        .move(current, ErrorCode.MEDIA_NODE_LOST)
                                        .compose(
                                            to ->
                                                to != null
                                                    ? Future.succeededFuture(to)
                                                    : Future.failedFuture(
                                                        ErrorCode.MEDIA_UNAVAILABLE.exception(
                                                            "no media node is running")))));
  }

  private Future<String> place(String roomId) {
    return choose(null)
        .compose(
            nodeId ->
                nodeId == null
                    ? Future.failedFuture(
                        ErrorCode.MEDIA_UNAVAILABLE.exception("no live media node has room"))
                    : stores
                        .placements()
                        .place(roomId, nodeId, leaseMs)
                        .map(RoomPlacement::nodeId));
  }

  /** A node for a room per the policy, never {@code excluded}; null when no live node has room. */
  Future<String> choose(String excluded) {
    return stores
        .mediaNodes()
        .live()
        .compose(
            live ->
                roomCounts(live).map(counts -> policy.choose(live, counts, excluded).orElse(null)));
  }

  private Future<Map<String, Integer>> roomCounts(List<MediaNodeRecord> live) {
    List<Future<List<RoomPlacement>>> rooms =
        live.stream().map(n -> stores.placements().roomsOn(n.nodeId())).toList();
    return Future.all(rooms)
        .map(
            all -> {
              Map<String, Integer> counts = new HashMap<>();
              for (int i = 0; i < live.size(); i++) {
                counts.put(live.get(i).nodeId(), rooms.get(i).result().size());
              }
              return counts;
            });
  }

  long leaseMs() {
    return leaseMs;
  }
}
