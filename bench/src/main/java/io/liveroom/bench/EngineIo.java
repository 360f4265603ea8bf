package io.liveroom.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * socket.io over engine.io v4, WebSocket transport only, as text frames (no binary attachments):
 * one engine.io packet per frame, {@code <engine type><payload>}; an engine MESSAGE ({@code 4})
 * carries a socket.io packet {@code <socket type>[/nsp,][ackId][json]}. The load tool speaks this
 * itself so liveroom and the socket.io peer get the same clients.
 */
final class EngineIo {
  static final char OPEN = '0';
  static final char CLOSE = '1';
  static final char PING = '2';
  static final char PONG = '3';
  static final char MESSAGE = '4';

  static final int CONNECT = 0;
  static final int DISCONNECT = 1;
  static final int EVENT = 2;
  static final int ACK = 3;
  static final int CONNECT_ERROR = 4;

  /** The handshake URI of the WebSocket transport. */
  static final String PATH = "/socket.io/?EIO=4&transport=websocket";

  private EngineIo() {}

  /**
   * One decoded frame. {@code socketType} and {@code ackId} are -1 when absent; {@code data} is the
   * JSON text or null.
   */
  record Packet(char engineType, int socketType, String namespace, long ackId, String data) {
    /** The event name of an EVENT packet. */
    String event() {
      return socketType == EVENT ? new JsonArray(data).getString(0) : null;
    }

    /** The first argument of an EVENT, or of an ACK. */
    Object firstArg() {
      JsonArray array = new JsonArray(data);
      int index = socketType == EVENT ? 1 : 0;
      return array.size() > index ? array.getValue(index) : null;
    }

    /**
     * The open packet's handshake ({@code sid}, {@code pingInterval}, {@code pingTimeout}, {@code
     * maxPayload}).
     */
    JsonObject handshake() {
      return engineType == OPEN ? new JsonObject(data) : null;
    }
  }

  /** "40": connect to the main namespace (no auth payload). */
  static String connect() {
    return "40";
  }

  static String pong() {
    return "3";
  }

  /** "42[event,arg]" or, with an ack id, "42&lt;id&gt;[event,arg]". */
  static String event(String event, Object arg, long ackId) {
    JsonArray array = new JsonArray().add(event);
    if (arg != null) {
      array.add(arg);
    }
    return "42" + (ackId >= 0 ? Long.toString(ackId) : "") + array.encode();
  }

  /** "43&lt;id&gt;[arg]": the answer to an event that asked for an ack. */
  static String ack(long ackId, Object arg) {
    return "43" + ackId + new JsonArray().add(arg).encode();
  }

  static Packet decode(String frame) {
    if (frame.isEmpty()) {
      throw new IllegalArgumentException("empty engine.io packet");
    }
    char type = frame.charAt(0);
    if (type < OPEN || type > '6') {
      throw new IllegalArgumentException("unknown engine.io packet type " + type);
    }
    if (type != MESSAGE) {
      return new Packet(type, -1, null, -1, frame.length() > 1 ? frame.substring(1) : null);
    }
    if (frame.length() < 2) {
      throw new IllegalArgumentException("engine.io message without socket.io packet");
    }
    int socketType = frame.charAt(1) - '0';
    if (socketType < CONNECT || socketType > 6) {
      throw new IllegalArgumentException("unknown socket.io packet type " + frame.charAt(1));
    }
    int i = 2;
    String namespace = "/";
    if (i < frame.length() && frame.charAt(i) == '/') {
      int comma = frame.indexOf(',', i);
      int end = comma < 0 ? frame.length() : comma;
      namespace = frame.substring(i, end);
      i = comma < 0 ? end : comma + 1;
    }
    long ackId = -1;
    int digits = i;
    while (i < frame.length() && Character.isDigit(frame.charAt(i))) {
      i++;
    }
    if (i > digits) {
      ackId = Long.parseLong(frame.substring(digits, i));
    }
    return new Packet(
        type, socketType, namespace, ackId, i < frame.length() ? frame.substring(i) : null);
  }
}
