package io.liveroom.room;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.EventPayload;
import io.liveroom.infra.contracts.LiveEvent;
import io.liveroom.infra.contracts.RelayResult;
import io.liveroom.infra.contracts.RelaySignal;
import io.liveroom.infra.contracts.RoomExtraInfoSet;
import io.liveroom.infra.contracts.RoomExtraInfoUpdated;
import io.liveroom.infra.contracts.SetRoomExtraInfo;
import io.liveroom.infra.contracts.SignalDelivered;
import io.liveroom.infra.store.Member;
import io.liveroom.infra.store.RoomExtraInfo;
import io.liveroom.infra.store.RoomInfo;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.text.Unicode;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;

/** Room extra info and the p2p signaling relay: member-to-room and member-to-member messages. */
public final class RoomExtras {
  private final Stores stores;
  private final RoomEvents events;
  private final RoomConfig config;
  private final Clock clock;

  public RoomExtras(Stores stores, RoomEvents events, RoomConfig config, Clock clock) {
    this.stores = stores;
    this.events = events;
    this.config = config;
    this.clock = clock;
  }

  public Future<RoomExtraInfoSet> setExtraInfo(SetRoomExtraInfo set) {
    String value = set.value() == null ? "" : set.value();
    if (Unicode.requireUtf8Length(set.key(), "key") > config.extraInfo().maxKeyBytes()
        || Unicode.requireUtf8Length(value, "value") > config.extraInfo().maxValueBytes()) {
      throw ErrorCode.EXTRA_INFO_TOO_LARGE.exception(
          "extra info keys are limited to "
              + config.extraInfo().maxKeyBytes()
              + " bytes and values to "
              + config.extraInfo().maxValueBytes()
              + " bytes");
    }
    RoomExtraInfo info =
        new RoomExtraInfo(set.key(), value, set.userId(), set.userName(), clock.millis());
    // no session: the server sets it (admin API), in any open room
    return (set.sessionId() == null
            ? open(set.roomId())
            : member(set.roomId(), set.userId(), set.sessionId()))
        .compose(m -> stores.rooms().setExtraInfo(set.roomId(), info, config.extraInfo().maxKeys()))
        .compose(
            stored -> {
              if (!stored) {
                return Future.failedFuture(
                    ErrorCode.EXTRA_INFO_TOO_MANY_KEYS.exception(
                        "a room has at most " + config.extraInfo().maxKeys() + " extra info keys"));
              }
              return events
                  .record(
                      List.of(
                          LiveEvent.draft(
                              set.roomId(),
                              info.updateTime(),
                              new EventPayload.RoomExtraInfo(
                                  info.key(),
                                  info.value(),
                                  info.updateUserId(),
                                  info.updateUserName()))))
                  .map(
                      v -> {
                        events.publish(
                            set.roomId(),
                            new RoomExtraInfoUpdated(set.roomId(), info, set.sessionId()));
                        return new RoomExtraInfoSet(set.roomId(), set.key(), info.updateTime());
                      });
            });
  }

  /** Relays a p2p signal to the other member(s) of a p2p room, or to {@code toUserId}. */
  public Future<RelayResult> relay(RelaySignal signal) {
    return member(signal.roomId(), signal.fromUserId(), signal.fromSessionId())
        .compose(m -> stores.rooms().info(signal.roomId()))
        .compose(
            room -> {
              if (room == null || !RoomInfo.P2P.equals(room.mode())) {
                return Future.failedFuture(
                    ErrorCode.NOT_P2P_ROOM.exception(
                        "room " + signal.roomId() + " is not a p2p room"));
              }
              return stores.membership().members(signal.roomId());
            })
        .compose(
            members -> {
              List<Member> to =
                  members.stream()
                      .filter(m -> !m.userId().equals(signal.fromUserId()))
                      .filter(
                          m -> signal.toUserId() == null || m.userId().equals(signal.toUserId()))
                      .toList();
              if (to.isEmpty()) {
                return Future.failedFuture(
                    ErrorCode.PEER_NOT_IN_ROOM.exception(
                        signal.toUserId() == null
                            ? "nobody else is in room " + signal.roomId()
                            : signal.toUserId() + " is not in room " + signal.roomId()));
              }
              to.forEach(
                  m ->
                      events.toGateway(
                          m.gatewayId(),
                          new SignalDelivered(
                              m.sessionId(),
                              signal.roomId(),
                              signal.fromUserId(),
                              signal.kind(),
                              signal.payload())));
              return Future.succeededFuture(
                  new RelayResult(signal.roomId(), to.stream().map(Member::userId).toList()));
            });
  }

  private Future<Member> open(String roomId) {
    return stores
        .rooms()
        .info(roomId)
        .compose(
            room ->
                room != null
                    ? Future.<Member>succeededFuture()
                    : Future.failedFuture(
                        ErrorCode.ROOM_NOT_FOUND.exception("room " + roomId + " is not open")));
  }

  private Future<Member> member(String roomId, String userId, String sessionId) {
    return stores
        .membership()
        .member(roomId, userId)
        .compose(
            m ->
                m != null && m.sessionId().equals(sessionId)
                    ? Future.succeededFuture(m)
                    : Future.failedFuture(
                        ErrorCode.NOT_LOGGED_IN.exception("not logged into room " + roomId)));
  }
}
