package io.liveroom.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One bench client connection, speaking either liveroom's JSON protocol or socket.io (engine.io v4
 * WebSocket framing). Barrage frames are not parsed: their messages are found by {@link
 * Markers#scan} and handed to {@link #sink}. Used only on the event loop it was created on.
 */
final class Conn {
  enum Protocol {
    LIVEROOM,
    SOCKETIO
  }

  /**
   * What a subscriber does with each barrage message it receives (its step, its send time, now).
   */
  interface Delivery {
    void deliver(Conn conn, int step, long sentNanos, long nowNanos);
  }

  final Protocol protocol;
  final String userId;
  final int index;
  private final Delivery delivery;
  private final Map<Long, Promise<JsonObject>> pending = new HashMap<>();
  private final Promise<Void> ready = Promise.promise();
  private ClientWebSocket ws;
  private long nextId = 1;
  private boolean open;
  private Buffer partial;
  private long frameNow;
  private final Markers.Sink sink = this::onMarker;
  boolean sampled;
  long loginMicros = -1;

  /** Wall-clock time the login request was sent (for tracing slow joins against server GC logs). */
  long loginSentAtMillis;

  Conn(Protocol protocol, String userId, int index, Delivery delivery) {
    this.protocol = protocol;
    this.userId = userId;
    this.index = index;
    this.delivery = delivery;
  }

  boolean isOpen() {
    return open;
  }

  /**
   * Opens the WebSocket; completes once the server said hello (sessionOpened, or socket.io
   * CONNECT).
   */
  Future<Void> connect(WebSocketClient client, int port) {
    ws = client.webSocket();
    ws.frameHandler(this::onFrame);
    ws.closeHandler(v -> onClose());
    ws.exceptionHandler(e -> {});
    String uri = protocol == Protocol.LIVEROOM ? "/ws" : EngineIo.PATH;
    ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri))
        .onSuccess(w -> open = true)
        .onFailure(ready::tryFail);
    return ready.future();
  }

  /**
   * loginRoom (liveroom) or join (socket.io); fails unless the reply says ok. Records {@link
   * #loginMicros}.
   */
  Future<JsonObject> login(String roomId, String token) {
    long start = System.nanoTime();
    loginSentAtMillis = System.currentTimeMillis();
    JsonObject body =
        protocol == Protocol.LIVEROOM
            ? new JsonObject()
                .put("roomID", roomId)
                .put("token", token)
                .put("user", new JsonObject().put("userID", userId).put("userName", userId))
                .put("config", new JsonObject().put("userUpdate", false))
            : new JsonObject().put("roomID", roomId).put("userID", userId).put("userName", userId);
    return request(protocol == Protocol.LIVEROOM ? "loginRoom" : "join", body)
        .compose(
            reply -> {
              if (!reply.getBoolean("ok", false)) {
                return Future.failedFuture("login refused: " + reply.encode());
              }
              loginMicros = (System.nanoTime() - start) / 1000;
              return Future.succeededFuture(reply);
            });
  }

  Future<JsonObject> barrage(String roomId, String message) {
    return request(
        protocol == Protocol.LIVEROOM ? "sendBarrageMessage" : "barrage",
        new JsonObject().put("roomID", roomId).put("message", message));
  }

  Future<JsonObject> onlineCount(String roomId) {
    return request("getOnlineCount", new JsonObject().put("roomID", roomId));
  }

  /** A request whose reply (liveroom) or ack (socket.io) completes the future. */
  Future<JsonObject> request(String type, JsonObject fields) {
    if (!open) {
      return Future.failedFuture("connection closed");
    }
    long id = nextId++;
    Promise<JsonObject> promise = Promise.promise();
    pending.put(id, promise);
    String frame =
        protocol == Protocol.LIVEROOM
            ? fields.copy().put("id", id).put("type", type).encode()
            : EngineIo.event(type, fields, id);
    ws.writeTextMessage(frame);
    return promise.future();
  }

  Future<Void> close() {
    return ws == null || !open ? Future.succeededFuture() : ws.close();
  }

  private void onClose() {
    if (index < 0 && open) {
      Bench.log(
          "%s connection closed by the server: %s %s",
          userId, ws.closeStatusCode(), ws.closeReason());
    }
    open = false;
    ready.tryFail("closed");
    pending.values().forEach(p -> p.tryFail("closed"));
    pending.clear();
  }

  private void onFrame(WebSocketFrame frame) {
    if (!frame.isText() && !frame.isContinuation()) {
      return;
    }
    if (!frame.isFinal() || partial != null) {
      if (partial == null) {
        partial = Buffer.buffer();
      }
      partial.appendBuffer(frame.binaryData());
      if (!frame.isFinal()) {
        return;
      }
      byte[] bytes = partial.getBytes();
      partial = null;
      onText(bytes);
      return;
    }
    onText(frame.binaryData().getBytes());
  }

  private void onText(byte[] bytes) {
    frameNow = System.nanoTime();
    if (Markers.scan(bytes, bytes.length, sink) > 0) {
      return; // barrage
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (protocol == Protocol.LIVEROOM) {
      onLiveroom(new JsonObject(text));
    } else {
      onSocketIo(EngineIo.decode(text));
    }
  }

  private void onMarker(int step, long sentNanos) {
    if (delivery != null) {
      delivery.deliver(this, step, sentNanos, frameNow);
    }
  }

  private void onLiveroom(JsonObject frame) {
    String event = frame.getString("event");
    if (event != null) {
      if (event.equals("sessionOpened")) {
        ready.tryComplete();
      }
      return;
    }
    Object id = frame.getValue("id");
    if (id instanceof Number n) {
      Promise<JsonObject> p = pending.remove(n.longValue());
      if (p != null) {
        p.tryComplete(frame);
      }
    }
  }

  private void onSocketIo(EngineIo.Packet packet) {
    switch (packet.engineType()) {
      case EngineIo.OPEN -> ws.writeTextMessage(EngineIo.connect());
      case EngineIo.PING -> ws.writeTextMessage(EngineIo.pong());
      case EngineIo.MESSAGE -> {
        if (packet.socketType() == EngineIo.CONNECT) {
          ready.tryComplete();
        } else if (packet.socketType() == EngineIo.CONNECT_ERROR) {
          ready.tryFail("socket.io connect error: " + packet.data());
        } else if (packet.socketType() == EngineIo.ACK) {
          Promise<JsonObject> p = pending.remove(packet.ackId());
          Object arg = packet.firstArg();
          if (p != null) {
            p.tryComplete(
                arg instanceof JsonObject j
                    ? j
                    : new JsonObject().put("ok", true).put("value", arg));
          }
        }
      }
      default -> {}
    }
  }
}
