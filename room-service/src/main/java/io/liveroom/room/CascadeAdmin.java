package io.liveroom.room;

import io.liveroom.infra.contracts.MediaStats;
import io.liveroom.infra.contracts.MediaStatsQuery;
import io.liveroom.infra.contracts.MediaStreamStats;
import io.liveroom.infra.contracts.RoomCascade;
import io.liveroom.infra.contracts.RoomCascadeQuery;
import io.liveroom.infra.store.MediaNodeRecord;
import io.liveroom.infra.store.RoomPlacement;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.store.StreamRecord;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the admin API shows of a room's cascade: its origin and edges (the placement store's
 * records), each with the players of the room's streams on it, asked of the node itself ({@code
 * media.stream.stats.<node>}, which {@code stats} sends with its timeout).
 */
final class CascadeAdmin {
  private final Stores stores;
  private final Function<String, Future<MediaStats>> stats;

  CascadeAdmin(Stores stores, Function<String, Future<MediaStats>> stats) {
    this.stores = stores;
    this.stats = stats;
  }

  static MediaStatsQuery allStreams() {
    return new MediaStatsQuery(null);
  }

  Future<RoomCascade> room(RoomCascadeQuery q) {
    String roomId = q.roomId();
    Future<RoomPlacement> origin = stores.placements().get(roomId);
    Future<List<StreamRecord>> streams = stores.streams().inRoom(roomId);
    Future<List<MediaNodeRecord>> live = stores.mediaNodes().live();
    return Future.all(origin, streams, live)
        .compose(
            all -> {
              List<Future<RoomPlacement>> edges =
                  live.result().stream()
                      .map(n -> stores.placements().get(EdgeKeys.key(roomId, n.nodeId())))
                      .toList();
              return Future.all(edges)
                  .compose(
                      e -> {
                        List<String[]> nodes = new ArrayList<>();
                        if (origin.result() != null) {
                          nodes.add(new String[] {origin.result().nodeId(), "origin"});
                        }
                        for (Future<RoomPlacement> f : edges) {
                          if (f.result() != null) {
                            nodes.add(new String[] {f.result().nodeId(), "edge"});
                          }
                        }
                        Set<String> ids =
                            streams.result().stream()
                                .map(StreamRecord::streamId)
                                .collect(Collectors.toSet());
                        Set<String> alive =
                            live.result().stream()
                                .map(MediaNodeRecord::nodeId)
                                .collect(Collectors.toSet());
                        // a node that left the registry is not asked (it would only time out)
                        List<Future<RoomCascade.Node>> counted =
                            nodes.stream()
                                .map(
                                    n ->
                                        (alive.contains(n[0])
                                                ? stats
                                                    .apply(n[0])
                                                    .map(s -> players(s, ids))
                                                    .otherwise(-1)
                                                : Future.succeededFuture(-1))
                                            .map(p -> new RoomCascade.Node(n[0], n[1], p)))
                                .toList();
                        return Future.all(counted)
                            .map(
                                c ->
                                    new RoomCascade(
                                        roomId,
                                        origin.result() == null ? null : origin.result().nodeId(),
                                        counted.stream().map(Future::result).toList()));
                      });
            });
  }

  private static int players(MediaStats s, Set<String> streamIds) {
    return s.streams().stream()
        .filter(x -> streamIds.contains(x.streamId()))
        .mapToInt(MediaStreamStats::players)
        .sum();
  }
}
