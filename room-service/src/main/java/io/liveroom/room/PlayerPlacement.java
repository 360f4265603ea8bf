package io.liveroom.room;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.MediaRelayAttach;
import io.liveroom.infra.contracts.MediaRelayAttached;
import io.liveroom.infra.contracts.PlacePlayer;
import io.liveroom.infra.contracts.StreamLocation;
import io.liveroom.infra.logging.LogFields;
import io.liveroom.infra.store.MediaNodeRecord;
import io.liveroom.infra.store.RoomPlacement;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.store.StreamRecord;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a new player of a stream plays (docs/architecture.md, "Cascade"): the stream's origin node
 * while it is live, not draining and has room for players; else an edge: a live, non-draining node
 * with room, other than the origin, the room's existing edges first, then the one with most
 * headroom. An edge is recorded in the placement store ({@link EdgeKeys}) and attached to the
 * origin ({@code media.relay.attach.<edge>}) before the answer. Nodes the gateway excludes (they
 * refused the player as full) are never chosen.
 */
final class PlayerPlacement {
  private static final Logger LOG = LoggerFactory.getLogger(PlayerPlacement.class);
  private final Stores stores;
  private final BiFunction<String, MediaRelayAttach, Future<MediaRelayAttached>> attach;
  private final long leaseMs;

  PlayerPlacement(
      Stores stores,
      BiFunction<String, MediaRelayAttach, Future<MediaRelayAttached>> attach,
      long leaseMs) {
    this.stores = stores;
    this.attach = attach;
    this.leaseMs = leaseMs;
  }

  Future<StreamLocation> place(PlacePlayer q) {
    return stores
        .streams()
        .get(q.streamId())
        .compose(
            s -> {
              if (s == null || !s.live() || s.nodeId() == null) {
                return Future.failedFuture(
                    ErrorCode.STREAM_NOT_FOUND.exception(
                        s == null || !s.live()
                            ? "no live stream " + q.streamId()
                            : "stream " + q.streamId() + " carries no media"));
              }
              return stores.mediaNodes().live().compose(live -> choose(q, s, live));
            });
  }

  private Future<StreamLocation> choose(PlacePlayer q, StreamRecord s, List<MediaNodeRecord> live) {
    Set<String> excluded = Set.copyOf(q.excludedNodeIds());
    String origin = s.nodeId();
    Optional<MediaNodeRecord> originNode =
        live.stream().filter(n -> n.nodeId().equals(origin)).findFirst();
    if (originNode.isPresent() && open(originNode.get(), excluded)) {
      return Future.succeededFuture(new StreamLocation(s.streamId(), s.roomId(), origin));
    }
    return edges(s.roomId(), live)
        .compose(
            edges -> {
              // announced load lags (up to 2 s): a node that only looks full is still asked, the
              // node itself refuses a player above its cap (MEDIA_NODE_FULL, then excluded)
              Comparator<MediaNodeRecord> order =
                  Comparator.comparing((MediaNodeRecord n) -> !open(n, excluded))
                      .thenComparing(n -> !edges.contains(n.nodeId()))
                      .thenComparingDouble(n -> -n.headroom(0))
                      .thenComparing(MediaNodeRecord::nodeId);
              Optional<MediaNodeRecord> edge =
                  live.stream()
                      .filter(
                          n ->
                              !n.nodeId().equals(origin)
                                  && !n.draining()
                                  && !excluded.contains(n.nodeId()))
                      .min(order);
              if (edge.isEmpty() || !open(edge.get(), excluded)) {
                if (originNode.isPresent()
                    && !originNode.get().draining()
                    && !excluded.contains(origin)) {
                  return Future.succeededFuture(
                      new StreamLocation(s.streamId(), s.roomId(), origin));
                }
              }
              if (edge.isEmpty()) {
                return Future.failedFuture(
                    ErrorCode.MEDIA_UNAVAILABLE.exception(
                        "no media node has room for another player of " + s.streamId()));
              }
              String edgeId = edge.get().nodeId();
              LOG.atDebug()
                  .addKeyValue(LogFields.ROOM_ID, s.roomId())
                  .log("player of {} placed on edge {} of origin {}", s.streamId(), edgeId, origin);
              return record(s.roomId(), edgeId)
                  .compose(
                      v ->
                          attach.apply(
                              edgeId, new MediaRelayAttach(s.streamId(), s.roomId(), origin)))
                  .map(a -> new StreamLocation(s.streamId(), s.roomId(), edgeId));
            });
  }

  /** Live, not draining, not excluded, room for one more player (announced load). */
  private static boolean open(MediaNodeRecord n, Set<String> excluded) {
    return !n.draining()
        && !excluded.contains(n.nodeId())
        && n.players() < n.maxPlayers()
        && n.bitrateInBps() + n.bitrateOutBps() < n.maxBandwidthBps();
  }

  /** The room's edge nodes now recorded. */
  private Future<Set<String>> edges(String roomId, List<MediaNodeRecord> live) {
    List<Future<List<RoomPlacement>>> on =
        live.stream()
            .map(
                n ->
                    stores
                        .placements()
                        .get(EdgeKeys.key(roomId, n.nodeId()))
                        .map(p -> p == null ? List.<RoomPlacement>of() : List.of(p)))
            .toList();
    return Future.all(on)
        .map(
            all ->
                on.stream()
                    .flatMap(f -> f.result().stream())
                    .map(RoomPlacement::nodeId)
                    .collect(java.util.stream.Collectors.toSet()));
  }

  private Future<Void> record(String roomId, String edgeId) {
    String key = EdgeKeys.key(roomId, edgeId);
    return stores
        .placements()
        .place(key, edgeId, leaseMs)
        .compose(p -> stores.placements().renew(key, edgeId, leaseMs))
        .mapEmpty();
  }
}
