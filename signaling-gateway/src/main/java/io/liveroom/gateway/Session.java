package io.liveroom.gateway;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One client WebSocket connection and the rooms it is in. Touched only on its gateway's event loop. */
final class Session {
  final String id;
  private final ServerWebSocket socket;
  final Map<String, Seat> rooms = new LinkedHashMap<>();
  private boolean closed;

  Session(String id, ServerWebSocket socket) {
    this.id = id;
    this.socket = socket;
  }

  /** This session's place in one room. Pushes wait in {@code queued} until the login reply is out. */
  static final class Seat {
    final String userId;
    final String userName;
    final boolean userUpdate;
    private List<String> queued = new ArrayList<>();

    Seat(String userId, String userName, boolean userUpdate) {
      this.userId = userId;
      this.userName = userName;
      this.userUpdate = userUpdate;
    }

    boolean active() {
      return queued == null;
    }
  }

  boolean closed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }

  void send(JsonObject frame) {
    send(frame.encode());
  }

  void send(String frame) {
    if (!closed) {
      socket.writeTextMessage(frame);
    }
  }

  /** Sends a room push now, or queues it while the seat's login reply is still pending. */
  void push(Seat seat, String frame) {
    if (seat.queued != null) {
      seat.queued.add(frame);
    } else {
      send(frame);
    }
  }

  /** The login reply is out: deliver what was queued and go live. */
  void activate(Seat seat) {
    List<String> queued = seat.queued;
    seat.queued = null;
    if (queued != null) {
      queued.forEach(this::send);
    }
  }

  void close(short code, String reason) {
    if (!closed) {
      socket.close(code, reason);
    }
  }
}
