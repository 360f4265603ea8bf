package io.liveroom.gateway.requests;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.GatewayMetrics;
import io.liveroom.gateway.session.Session;
import io.liveroom.gateway.ws.ClientHandler;
import io.liveroom.gateway.ws.Protocol;
import io.liveroom.gateway.ws.Pushes;
import io.liveroom.gateway.ws.Reply;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.BarrageSent;
import io.liveroom.infra.contracts.BroadcastSent;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.CustomCommandDelivered;
import io.liveroom.infra.contracts.CustomCommandSent;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.GetMessages;
import io.liveroom.infra.contracts.MessagesPage;
import io.liveroom.infra.contracts.RoomCount;
import io.liveroom.infra.contracts.RoomCountQuery;
import io.liveroom.infra.contracts.SendBarrage;
import io.liveroom.infra.contracts.SendBroadcast;
import io.liveroom.infra.contracts.SendCustomCommand;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * IM and presence requests of one gateway's sessions: broadcast, barrage, custom command, history
 * replay and the room's online count. Each needs the session to be in the room (NOT_LOGGED_IN
 * otherwise); sizes, rates and recipients are checked by chat-service, which names the problem.
 */
public final class ChatRequests {
  private final Bus bus;
  private final Fields fields;
  private final GatewayMetrics metrics;

  public ChatRequests(Bus bus, GatewayConfig config, GatewayMetrics metrics) {
    this.bus = bus;
    this.metrics = metrics;
    this.fields = new Fields(config);
  }

  public void register(ClientHandler handler) {
    handler.handle("sendBroadcastMessage", this::broadcast);
    handler.handle("sendBarrageMessage", this::barrage);
    handler.handle("sendCustomCommand", this::command);
    handler.handle("getMessages", this::messages);
    handler.handle("getOnlineCount", this::onlineCount);
  }

  /** A chat message as a request names it: its room, the sender's seat there, the text. */
  private record Outgoing(String roomId, Session.Seat seat, String text) {}

  private Outgoing outgoing(Session session, JsonObject request) {
    String roomId = fields.id(request, "roomID");
    Session.Seat seat = RoomRequests.seat(session, roomId);
    return new Outgoing(roomId, seat, message(request, "message"));
  }

  Future<Reply> broadcast(Session session, JsonObject request) {
    Outgoing m = outgoing(session, request);
    return bus.request(
            Addresses.CHAT_BROADCAST_SEND,
            new SendBroadcast(
                m.roomId(), m.seat().userId, m.seat().userName, session.id(), m.text()),
            BroadcastSent.class)
        .map(
            sent ->
                Reply.of(
                    new JsonObject()
                        .put("roomID", m.roomId())
                        .put("messageID", sent.messageId())
                        .put("sendTime", sent.sendTime())));
  }

  Future<Reply> barrage(Session session, JsonObject request) {
    Outgoing m = outgoing(session, request);
    return bus.request(
            Addresses.CHAT_BARRAGE_SEND,
            new SendBarrage(m.roomId(), m.seat().userId, m.seat().userName, session.id(), m.text()),
            BarrageSent.class)
        .map(
            sent ->
                Reply.of(
                    new JsonObject().put("roomID", m.roomId()).put("messageID", sent.messageId())));
  }

  Future<Reply> command(Session session, JsonObject request) {
    String roomId = fields.id(request, "roomID");
    Session.Seat seat = RoomRequests.seat(session, roomId);
    String command = message(request, "command");
    if (!(request.getValue("toUserIDs") instanceof JsonArray ids)) {
      throw ErrorCode.INVALID_FIELD.exception("toUserIDs must be an array of userIDs");
    }
    List<String> to = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      to.add(fields.id(new JsonObject().put("u", ids.getValue(i)), "u", "toUserIDs[" + i + "]"));
    }
    return bus.request(
            Addresses.CHAT_COMMAND_SEND,
            new SendCustomCommand(roomId, seat.userId, seat.userName, session.id(), command, to),
            CustomCommandSent.class)
        .map(
            sent ->
                Reply.of(
                    new JsonObject()
                        .put("roomID", roomId)
                        .put("notInRoom", new JsonArray(sent.notInRoom()))));
  }

  Future<Reply> messages(Session session, JsonObject request) {
    String roomId = fields.id(request, "roomID");
    Session.Seat seat = RoomRequests.seat(session, roomId);
    long afterSeq = nonNegativeLong(request, "afterSeq", 0);
    int limit = Fields.nonNegativeInt(request, "limit", "limit", 0);
    return bus.request(
            Addresses.CHAT_MESSAGE_LIST,
            new GetMessages(roomId, seat.userId, session.id(), afterSeq, limit),
            MessagesPage.class)
        .map(page -> Reply.of(page(page)));
  }

  Future<Reply> onlineCount(Session session, JsonObject request) {
    String roomId = fields.id(request, "roomID");
    RoomRequests.seat(session, roomId);
    return bus.request(
            Addresses.PRESENCE_ROOM_COUNT_GET, new RoomCountQuery(roomId), RoomCount.class)
        .map(
            count ->
                Reply.of(
                    new JsonObject()
                        .put("roomID", roomId)
                        .put("count", count.users())
                        .put("sessions", count.sessions())));
  }

  /** A custom command for one of our sessions: pushed if the session is still in that room. */
  public void deliver(Session session, CustomCommandDelivered command) {
    Session.Seat seat = session.rooms().get(command.roomId());
    if (seat != null) {
      session.push(
          seat,
          Protocol.push("IMRecvCustomCommand")
              .put("roomID", command.roomId())
              .put("fromUser", Pushes.user(command.fromUser()))
              .put("command", command.command())
              .encode());
      metrics.pushed(GatewayMetrics.Kind.CUSTOM);
    }
  }

  /** A history page as clients see it: {roomID, chatData, lastSeq, oldestSeq}. */
  public static JsonObject page(MessagesPage page) {
    return new JsonObject()
        .put("roomID", page.roomId())
        .put("chatData", Pushes.chatData(page.messages()))
        .put("lastSeq", page.lastSeq())
        .put("oldestSeq", page.oldestSeq())
        .put("firstSeq", page.firstSeq());
  }

  /**
   * The text of a message: must be a string (chat-service checks emptiness and size, with its own
   * codes).
   */
  public static String message(JsonObject request, String field) {
    Object value = request.getValue(field);
    if (value == null) {
      return "";
    }
    if (!(value instanceof String s)) {
      throw ErrorCode.INVALID_FIELD.exception(field + " must be a string");
    }
    return s;
  }

  static long nonNegativeLong(JsonObject request, String field, long fallback) {
    Object value = request.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
      throw ErrorCode.INVALID_FIELD.exception(field + " must be a non-negative integer");
    }
    return ((Number) value).longValue();
  }
}
