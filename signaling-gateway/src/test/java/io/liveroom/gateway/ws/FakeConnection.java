package io.liveroom.gateway.ws;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A client connection that records what the gateway sent it; {@link #slow} makes it miss shared
 * frames.
 */
public final class FakeConnection implements ClientConnection {
  private final List<String> sent =
      new CopyOnWriteArrayList<>(); // written on an event loop, read by the test

  /** When true, best-effort shared frames are refused, as by a socket above its high-water mark. */
  public volatile boolean slow;

  /** The close code sent, or 0. */
  public volatile int closeCode;

  @Override
  public void send(String text) {
    sent.add(text);
  }

  @Override
  public boolean send(SharedTextFrame frame) {
    if (slow) {
      return false;
    }
    sent.add(frame.text());
    return true;
  }

  @Override
  public void close(int code, String reason) {
    closeCode = code;
  }

  /** The frames sent so far, as JSON. */
  public List<JsonObject> frames() {
    return sent.stream().map(JsonObject::new).toList();
  }

  /** The pushes of one event name sent so far. */
  public List<JsonObject> pushes(String event) {
    return frames().stream().filter(f -> event.equals(f.getString("event"))).toList();
  }
}
