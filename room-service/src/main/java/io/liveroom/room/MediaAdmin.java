package io.liveroom.room;

import io.liveroom.infra.contracts.MediaNodeList;
import io.liveroom.infra.contracts.MediaNodeStatus;
import io.liveroom.infra.contracts.MediaNodesQuery;
import io.liveroom.infra.contracts.RoomDetail;
import io.liveroom.infra.contracts.RoomDetailQuery;
import io.liveroom.infra.store.RoomInfo;
import io.liveroom.infra.store.RoomPlacement;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.store.StreamRecord;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * What the admin API shows of media: the registry with each node's rooms, and one room with its
 * node.
 */
final class MediaAdmin {
  private final Stores stores;

  MediaAdmin(Stores stores) {
    this.stores = stores;
  }

  Future<MediaNodeList> nodes(MediaNodesQuery query) {
    return stores
        .mediaNodes()
        .live()
        .compose(
            live -> {
              List<Future<List<RoomPlacement>>> rooms =
                  live.stream().map(n -> stores.placements().roomsOn(n.nodeId())).toList();
              return Future.all(rooms)
                  .map(
                      all -> {
                        List<MediaNodeStatus> out = new ArrayList<>();
                        for (int i = 0; i < live.size(); i++) {
                          out.add(
                              new MediaNodeStatus(
                                  live.get(i),
                                  rooms.get(i).result().stream()
                                      .map(RoomPlacement::roomId)
                                      .toList()));
                        }
                        return new MediaNodeList(out);
                      });
            });
  }

  Future<RoomDetail> room(RoomDetailQuery query) {
    String id = query.roomId();
    Future<RoomInfo> info = stores.rooms().info(id);
    Future<Integer> members = stores.membership().count(id);
    Future<List<StreamRecord>> streams = stores.streams().inRoom(id);
    Future<RoomPlacement> placement = stores.placements().get(id);
    return Future.all(info, members, streams, placement)
        .map(
            all -> {
              RoomInfo i = info.result();
              RoomPlacement p = placement.result();
              return new RoomDetail(
                  id,
                  i != null,
                  i == null ? null : i.mode(),
                  i == null ? 0 : i.maxMembers(),
                  members.result(),
                  streams.result().stream().map(StreamRecord::streamId).toList(),
                  p == null ? null : p.nodeId(),
                  p == null ? 0 : p.placedAt(),
                  p == null ? 0 : p.moves());
            });
  }
}
