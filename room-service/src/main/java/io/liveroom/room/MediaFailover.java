package io.liveroom.room;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.EventPayload;
import io.liveroom.infra.contracts.LiveEvent;
import io.liveroom.infra.contracts.RoomMediaMoved;
import io.liveroom.infra.logging.LogFields;
import io.liveroom.infra.store.MediaNodeRecord;
import io.liveroom.infra.store.RoomPlacement;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.store.StreamRecord;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps placements true to the registry, on every room-service instance ({@link #check} every
 * {@code room.placementCheckMs}): the placements of a room with media on a live node are renewed
 * (one without media lapses after the lease); the rooms of a node that left the registry (its lease
 * lapsed: killed; or it withdrew after draining) move to another node. A move is a compare-and-set,
 * so one instance wins it; the winner removes the room's streams on the old node (the room sees
 * DELETE) and publishes {@link RoomMediaMoved} for the gateways to tell publishers and players, who
 * publish and play again (ADD when media flows on the new node).
 */
final class MediaFailover {
  private static final Logger LOG = LoggerFactory.getLogger(MediaFailover.class);
  private final Stores stores;
  private final StorePlacement placement;
  private final RoomEvents events;
  private final Consumer<RoomMediaMoved> moved;

  /**
   * Nodes seen draining in the registry: when they leave it, their rooms move as drained, not lost.
   */
  private final Set<String> draining = new HashSet<>();

  private final long resetGraceMs;

  /** Until when moves wait after a store loss: media nodes are alive but not yet re-announced. */
  private volatile long holdMovesUntil;

  MediaFailover(
      Stores stores,
      StorePlacement placement,
      RoomEvents events,
      Consumer<RoomMediaMoved> moved,
      long resetGraceMs) {
    this.resetGraceMs = resetGraceMs;
    this.stores = stores;
    this.placement = placement;
    this.events = events;
    this.moved = moved;
  }

  /**
   * The store lost its state: the registry is empty until the media nodes announce themselves
   * again, so for {@code resetGraceMs} a placed node missing from it is not taken for dead.
   */
  void storeReset(long now) {
    holdMovesUntil = now + resetGraceMs;
  }

  private boolean holding() {
    return System.currentTimeMillis() < holdMovesUntil;
  }

  /**
   * One pass: renew live rooms with media, move the rooms of departed nodes. Completes with the
   * rooms moved.
   */
  Future<Integer> check() {
    return Future.all(stores.mediaNodes().live(), stores.placements().nodes())
        .compose(
            all -> {
              List<MediaNodeRecord> live = all.resultAt(0);
              List<String> placed = all.resultAt(1);
              Set<String> liveIds = new HashSet<>();
              live.forEach(
                  n -> {
                    liveIds.add(n.nodeId());
                    if (n.draining()) {
                      synchronized (draining) {
                        draining.add(n.nodeId());
                      }
                    }
                  });
              List<Future<Integer>> work = new ArrayList<>();
              for (String nodeId : placed) {
                boolean alive = liveIds.contains(nodeId) || holding();
                ErrorCode code =
                    drained(nodeId) ? ErrorCode.MEDIA_NODE_DRAINED : ErrorCode.MEDIA_NODE_LOST;
                work.add(
                    stores
                        .placements()
                        .roomsOn(nodeId)
                        .compose(
                            rooms ->
                                Future.all(
                                        rooms.stream()
                                            .map(
                                                p ->
                                                    EdgeKeys.isEdge(p.roomId())
                                                        ? (alive
                                                            ? renewIfMedia(p).map(x -> 0)
                                                            : edgeLost(p, code).map(x -> 0))
                                                        : alive
                                                            ? renewIfMedia(p).map(x -> 0)
                                                            : move(p, code).map(x -> 1))
                                            .toList())
                                    .map(f -> f.list().stream().mapToInt(o -> (Integer) o).sum())));
              }
              return Future.all(work).map(f -> f.list().stream().mapToInt(o -> (Integer) o).sum());
            });
  }

  private boolean drained(String nodeId) {
    synchronized (draining) {
      return draining.contains(nodeId);
    }
  }

  private Future<Boolean> renewIfMedia(RoomPlacement p) {
    return stores
        .streams()
        .inRoom(EdgeKeys.isEdge(p.roomId()) ? EdgeKeys.room(p.roomId()) : p.roomId())
        .compose(
            streams ->
                streams.stream().anyMatch(s -> s.nodeId() != null)
                    ? stores.placements().renew(p.roomId(), p.nodeId(), placement.leaseMs())
                    : Future.succeededFuture(false));
  }

  /**
   * An edge of a room left the registry: its record goes, and the gateways end the room's players
   * on it ({@link RoomMediaMoved} from the edge to the room's origin), who play again elsewhere.
   */
  private Future<Void> edgeLost(RoomPlacement edge, ErrorCode code) {
    if (holding()) {
      return Future.succeededFuture();
    }
    String roomId = EdgeKeys.room(edge.roomId());
    return stores
        .placements()
        .release(edge.roomId(), edge.nodeId())
        .compose(
            won ->
                !won
                    ? Future.succeededFuture()
                    : current(roomId)
                        .map(
                            origin -> {
                              LOG.atInfo()
                                  .addKeyValue(LogFields.ROOM_ID, roomId)
                                  .log("edge {} of room {} left ({})", edge.nodeId(), roomId, code);
                              moved.accept(
                                  new RoomMediaMoved(roomId, edge.nodeId(), origin, code.code()));
                              return null;
                            }));
  }

  /**
   * The room's origin moved: every edge of it relayed the old origin, so its records go and its
   * players are told to play again (they re-attach to the new origin once the publisher is back).
   */
  private Future<Void> releaseEdges(String roomId, String toNodeId, ErrorCode code) {
    return stores
        .placements()
        .nodes()
        .compose(
            nodes ->
                Future.all(
                    nodes.stream()
                        .map(
                            n ->
                                stores
                                    .placements()
                                    .release(EdgeKeys.key(roomId, n), n)
                                    .map(
                                        won -> {
                                          if (won) {
                                            moved.accept(
                                                new RoomMediaMoved(
                                                    roomId, n, toNodeId, code.code()));
                                          }
                                          return won;
                                        }))
                        .toList()))
        .mapEmpty();
  }

  /**
   * Moves a room off its node; yields the node it is on afterwards (this call's move or another
   * instance's), or null when no live node could take it (the placement is then released).
   */
  Future<String> move(RoomPlacement from, ErrorCode code) {
    String roomId = from.roomId();
    if (holding()) {
      return Future.succeededFuture(from.nodeId());
    }
    return placement
        .choose(from.nodeId())
        .compose(
            to -> {
              if (to == null) {
                return stores
                    .placements()
                    .release(roomId, from.nodeId())
                    .compose(
                        won -> won ? moved(roomId, from.nodeId(), null, code) : current(roomId));
              }
              return stores
                  .placements()
                  .move(roomId, from.nodeId(), to, placement.leaseMs())
                  .compose(
                      p -> p != null ? moved(roomId, from.nodeId(), to, code) : current(roomId));
            });
  }

  private Future<String> current(String roomId) {
    return stores.placements().get(roomId).map(p -> p == null ? null : p.nodeId());
  }

  /**
   * This instance moved the room. In this order, so that every client hears the move's code: the
   * room's streams on the old node leave the store (a publisher told to publish again is not
   * refused as a duplicate); the gateways hear {@link RoomMediaMoved} and end those peers with the
   * move's code; only then is the old node told to stop them (its own peer-closed events, code 0,
   * now find no peer at the gateways) and the room sees DELETE; last, the log's media.roomMoved.
   */
  private Future<String> moved(String roomId, String fromNodeId, String toNodeId, ErrorCode code) {
    LOG.atInfo()
        .addKeyValue(LogFields.ROOM_ID, roomId)
        .log("room {} moved off media node {} to {} ({})", roomId, fromNodeId, toNodeId, code);
    return stores
        .streams()
        .inRoom(roomId)
        .compose(
            streams -> {
              List<Future<StreamRecord>> removals = new ArrayList<>();
              for (StreamRecord s : streams) {
                if (fromNodeId.equals(s.nodeId())) {
                  removals.add(stores.streams().remove(s.streamId(), s.sessionId()));
                }
              }
              return Future.all(removals)
                  .map(all -> removals.stream().map(Future::result).toList());
            })
        .compose(
            removed -> {
              moved.accept(new RoomMediaMoved(roomId, fromNodeId, toNodeId, code.code()));
              return releaseEdges(roomId, toNodeId, ErrorCode.MEDIA_NODE_LOST)
                  .otherwiseEmpty()
                  .compose(
                      v ->
                          Departures.streamsRemoved(
                              events, roomId, removed, null, RoomFacts.MEDIA_MOVED));
            })
        .compose(
            v ->
                events.record(
                    List.of(
                        LiveEvent.draft(
                            roomId,
                            System.currentTimeMillis(),
                            new EventPayload.MediaRoomMoved(
                                fromNodeId,
                                toNodeId,
                                code == ErrorCode.MEDIA_NODE_DRAINED ? "drain" : "failover")))))
        .map(n -> toNodeId);
  }
}
