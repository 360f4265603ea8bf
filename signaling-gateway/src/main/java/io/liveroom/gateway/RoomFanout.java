package io.liveroom.gateway;

import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.RoomUser;
import io.liveroom.infra.contracts.RoomUserUpdated;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This gateway's local index of rooms to sessions. The gateway listens on a room's event address
 * while it has at least one session there, encodes each event once and writes it to every local
 * member that should see it.
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
    if (event instanceof RoomUserUpdated update) {
      String frame = Protocol.push("roomUserUpdate").put("roomID", roomId).put("updateType", update.updateType().name())
          .put("userList", users(update.users())).encode();
      for (Session session : members) {
        Session.Seat seat = session.rooms.get(roomId);
        if (seat != null && seat.userUpdate && !session.id.equals(update.originSessionId())) {
          session.push(seat, frame);
        }
      }
    }
  }

  static JsonArray users(List<RoomUser> users) {
    JsonArray out = new JsonArray();
    users.forEach(u -> out.add(new JsonObject().put("userID", u.userId()).put("userName", u.userName())));
    return out;
  }
}
