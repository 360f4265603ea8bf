package io.liveroom.gateway;

import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.RoomExtraInfoUpdated;
import io.liveroom.infra.contracts.RoomStreamExtraInfoUpdated;
import io.liveroom.infra.contracts.RoomStreamUpdated;
import io.liveroom.infra.contracts.RoomUserUpdated;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * This gateway's local index of rooms to sessions. The gateway listens on a room's event address
 * while it has at least one session there, encodes each event once and writes the same frame to
 * every local member that should see it (never to the session that caused it).
 */
final class RoomFanout {
  private final EventBus bus;
  private final Map<String, Set<Session>> rooms = new HashMap<>();
  private final Map<String, MessageConsumer<Object>> consumers = new HashMap<>();

  RoomFanout(EventBus bus) {
    this.bus = bus;
  }

  /** Adds a session to a room; completes once this gateway is subscribed to the room's events. */
  Future<Void> enter(String roomId, Session session) {
    rooms.computeIfAbsent(roomId, k -> new LinkedHashSet<>()).add(session);
    MessageConsumer<Object> consumer = consumers.computeIfAbsent(roomId,
        k -> bus.consumer(Addresses.roomEvents(roomId), message -> deliver(roomId, message.body())));
    return consumer.completion();
  }

  void leave(String roomId, Session session) {
    Set<Session> members = rooms.get(roomId);
    if (members != null && members.remove(session) && members.isEmpty()) {
      rooms.remove(roomId);
      MessageConsumer<Object> consumer = consumers.remove(roomId);
      if (consumer != null) {
        consumer.unregister();
      }
    }
  }

  int localRooms() {
    return rooms.size();
  }

  private void deliver(String roomId, Object event) {
    Set<Session> members = rooms.get(roomId);
    if (members == null) {
      return;
    }
    if (event instanceof RoomUserUpdated e) {
      fanOut(members, roomId, e.originSessionId(), true, Protocol.push("roomUserUpdate").put("roomID", roomId)
          .put("updateType", e.updateType().name()).put("userList", Pushes.users(e.users())).encode());
    } else if (event instanceof RoomStreamUpdated e) {
      fanOut(members, roomId, e.originSessionId(), false, Protocol.push("roomStreamUpdate").put("roomID", roomId)
          .put("updateType", e.updateType().name()).put("streamList", Pushes.streams(e.streams()))
          .put("extendedData", "").encode());
    } else if (event instanceof RoomStreamExtraInfoUpdated e) {
      fanOut(members, roomId, e.originSessionId(), false, Protocol.push("roomStreamExtraInfoUpdate")
          .put("roomID", roomId).put("streamList", Pushes.streams(e.streams())).encode());
    } else if (event instanceof RoomExtraInfoUpdated e) {
      fanOut(members, roomId, e.originSessionId(), false, Protocol.push("roomExtraInfoUpdate").put("roomID", roomId)
          .put("roomExtraInfoList", new JsonArray().add(Pushes.extraInfo(e.info()))).encode());
    }
  }

  private static void fanOut(Set<Session> members, String roomId, String origin, boolean onlyUserUpdate, String frame) {
    for (Session session : members) {
      Session.Seat seat = session.rooms.get(roomId);
      if (seat != null && !session.id().equals(origin) && (!onlyUserUpdate || seat.userUpdate)) {
        session.push(seat, frame);
      }
    }
  }
}
