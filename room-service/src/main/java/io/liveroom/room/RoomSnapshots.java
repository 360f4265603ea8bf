package io.liveroom.room;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.ListRooms;
import io.liveroom.infra.contracts.ListUsers;
import io.liveroom.infra.contracts.LoginReply;
import io.liveroom.infra.contracts.RoomPage;
import io.liveroom.infra.contracts.RoomSummary;
import io.liveroom.infra.contracts.RoomUser;
import io.liveroom.infra.contracts.UserPage;
import io.liveroom.infra.store.Member;
import io.liveroom.infra.store.RoomInfo;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.store.StreamRecord;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;

/** Read views of rooms: the state a (re)joining member gets, and the admin listings. */
final class RoomSnapshots {
  private final Stores stores;
  private final RoomConfig config;

  RoomSnapshots(Stores stores, RoomConfig config) {
    this.stores = stores;
    this.config = config;
  }

  /** The room as member {@code self} sees it; no member list above the large-room threshold. */
  Future<LoginReply> reply(String roomId, String self, int count) {
    boolean large = count > config.largeRoomThreshold();
    Future<List<RoomUser>> users =
        large
            ? Future.succeededFuture(null)
            : stores
                .membership()
                .members(roomId)
                .map(
                    all ->
                        all.stream()
                            .filter(m -> !m.userId().equals(self))
                            .sorted(Comparator.comparingLong(Member::joinedAt))
                            .map(m -> new RoomUser(m.userId(), m.userName()))
                            .toList());
    var streams = stores.streams().inRoom(roomId);
    var extra = stores.rooms().extraInfo(roomId);
    var info = stores.rooms().info(roomId);
    return Future.all(users, streams, extra, info)
        .map(
            all ->
                new LoginReply(
                    roomId,
                    info.result() == null ? RoomInfo.LIVE : info.result().mode(),
                    large,
                    users.result(),
                    streams.result().stream()
                        .filter(StreamRecord::live)
                        .map(Departures::info)
                        .toList(),
                    extra.result()));
  }

  Future<RoomPage> rooms(ListRooms query) {
    int limit = Math.min(query.limit(), config.maxPageSize());
    return Future.all(
            stores.rooms().roomCount(), stores.rooms().list(Math.max(0, query.offset()), limit))
        .compose(
            all -> {
              int total = all.resultAt(0);
              List<String> ids = all.resultAt(1);
              List<Future<RoomSummary>> summaries =
                  ids.stream()
                      .map(
                          id ->
                              Future.all(stores.rooms().info(id), stores.membership().count(id))
                                  .map(
                                      x -> {
                                        RoomInfo info = x.resultAt(0);
                                        int members = x.resultAt(1);
                                        return info == null
                                            ? new RoomSummary(id, RoomInfo.LIVE, members, 0, 0)
                                            : new RoomSummary(
                                                id,
                                                info.mode(),
                                                members,
                                                info.maxMembers(),
                                                info.createdAt());
                                      }))
                      .toList();
              return Future.all(summaries)
                  .map(
                      x ->
                          new RoomPage(
                              total,
                              query.offset(),
                              summaries.stream().map(Future::result).toList()));
            });
  }

  Future<UserPage> users(ListUsers query) {
    int limit = Math.min(query.limit(), config.maxPageSize());
    return stores
        .rooms()
        .info(query.roomId())
        .compose(
            info -> {
              if (info == null) {
                return Future.failedFuture(
                    ErrorCode.ROOM_NOT_FOUND.exception("room " + query.roomId() + " is not open"));
              }
              return stores
                  .membership()
                  .members(query.roomId())
                  .map(
                      all -> {
                        List<RoomUser> page =
                            all.stream()
                                .sorted(Comparator.comparing(Member::userId))
                                .skip(Math.max(0, query.offset()))
                                .limit(limit)
                                .map(m -> new RoomUser(m.userId(), m.userName()))
                                .toList();
                        return new UserPage(query.roomId(), all.size(), query.offset(), page);
                      });
            });
  }
}
