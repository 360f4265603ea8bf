package io.liveroom.launcher.harness;

import io.liveroom.infra.text.Unicode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real WebSocket client of the liveroom protocol, for tests: requests by id, pushes recorded. It
 * reads the server's messages as raw frame bytes and checks each as a browser would, strictly:
 * valid UTF-8 (Chromium fails the socket otherwise) and a JSON object. A message that is not is
 * recorded in {@link #violations()} and fails the test when the client is closed.
 */
public final class TestClient implements AutoCloseable {
  private final WebSocketClient client;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, Promise<JsonObject>> pending = new ConcurrentHashMap<>();
  private final List<JsonObject> pushes = new ArrayList<>();
  private final List<JsonObject> unmatched = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private Buffer partial; // a text message arriving in several frames
  private volatile boolean closed;
  private volatile Short closeCode;

  private TestClient(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
  }

  /**
   * Connects; the handlers are set on the event loop as the connection completes, so no frame is
   * missed.
   */
  public static TestClient connect(Vertx vertx, int port) {
    return connect(vertx.createWebSocketClient(), port);
  }

  private static TestClient connect(WebSocketClient client, int port) {
    return await(
        client
            .connect(port, "127.0.0.1", "/ws")
            .map(
                ws -> {
                  TestClient c = new TestClient(client, ws);
                  ws.frameHandler(c::onFrame);
                  ws.closeHandler(
                      v -> {
                        c.closeCode = ws.closeStatusCode();
                        c.closed = true;
                      });
                  return c;
                }));
  }

  /**
   * Connects with client options (e.g. a small TCP receive buffer for a client that will {@link
   * #pause}).
   */
  public static TestClient connect(Vertx vertx, int port, WebSocketClientOptions options) {
    return connect(vertx.createWebSocketClient(options), port);
  }

  /**
   * Stops reading from the socket: the server's writes back up, as with a client on a slow network.
   */
  public void pause() {
    socket.pause();
  }

  /** Reads again after {@link #pause}. */
  public void resume() {
    socket.resume();
  }

  /** Removes and returns every recorded push of {@code event}, oldest first. */
  public List<JsonObject> takePushes(String event) {
    synchronized (pushes) {
      List<JsonObject> out = new ArrayList<>();
      for (java.util.Iterator<JsonObject> it = pushes.iterator(); it.hasNext(); ) {
        JsonObject p = it.next();
        if (event.equals(p.getString("event"))) {
          out.add(p);
          it.remove();
        }
      }
      return out;
    }
  }

  /** The number of pushes recorded so far (matched or not). */
  public int pushCount() {
    synchronized (pushes) {
      return pushes.size();
    }
  }

  private void onFrame(WebSocketFrame frame) {
    if (frame.isText() || frame.isContinuation()) {
      partial =
          partial == null ? frame.binaryData().copy() : partial.appendBuffer(frame.binaryData());
      if (frame.isFinal()) {
        Buffer message = partial;
        partial = null;
        onMessage(message.getBytes());
      }
    } else if (frame.isBinary()) {
      violation("a binary message of " + frame.binaryData().length() + " bytes");
    }
  }

  private void onMessage(byte[] bytes) {
    String text = Unicode.decodeStrict(bytes);
    if (text == null) {
      violation("a text message that is not valid UTF-8: " + Buffer.buffer(bytes));
      return;
    }
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (RuntimeException e) {
      violation("a text message that is not a JSON object: " + text);
      return;
    }
    Object id = frame.getValue("id");
    if (frame.containsKey("event")) {
      synchronized (pushes) {
        pushes.add(frame);
      }
    } else if (id instanceof Integer i && pending.containsKey(i)) {
      pending.remove(i).complete(frame);
    } else {
      synchronized (unmatched) {
        unmatched.add(frame);
      }
    }
  }

  /** Sends {@code {id, type, ...fields}} and waits for the reply frame (ok or error). */
  public JsonObject request(String type, JsonObject fields) {
    int id = ids.incrementAndGet();
    Promise<JsonObject> reply = Promise.promise();
    pending.put(id, reply);
    socket.writeTextMessage(fields.copy().put("id", id).put("type", type).encode());
    return await(reply.future());
  }

  /** Sends raw text; the reply has no usable id, so it is taken from the unmatched frames. */
  public JsonObject sendRaw(String text) {
    socket.writeTextMessage(text);
    return poll(
        () -> {
          synchronized (unmatched) {
            return unmatched.isEmpty() ? null : unmatched.remove(0);
          }
        },
        "a reply to a raw frame");
  }

  public JsonObject login(String roomId, String userId, boolean userUpdate) {
    return login(roomId, userId, new JsonObject().put("userUpdate", userUpdate));
  }

  /** Logs in with a dev-mode token granting login and publish in that room. */
  public JsonObject login(String roomId, String userId, JsonObject config) {
    return request(
        "loginRoom",
        new JsonObject()
            .put("roomID", roomId)
            .put("token", TestTokens.token(userId, roomId, true))
            .put("user", new JsonObject().put("userID", userId).put("userName", "name-" + userId))
            .put("config", config));
  }

  /**
   * Logs in with {@code token} as it is (a user without userName; {@code config} left out when
   * null).
   */
  public JsonObject loginWithToken(String roomId, String userId, String token, JsonObject config) {
    JsonObject fields =
        new JsonObject()
            .put("roomID", roomId)
            .put("token", token)
            .put("user", new JsonObject().put("userID", userId));
    return request("loginRoom", config == null ? fields : fields.put("config", config));
  }

  /** The sessionOpened push every connection gets first: sessionID and resumeToken. */
  public JsonObject opened() {
    return awaitPush(p -> "sessionOpened".equals(p.getString("event")), "sessionOpened");
  }

  /** Closes only the TCP connection (no close handshake), as a dropped network would. */
  public void drop() {
    socket.close((short) 4999, "test drop");
  }

  /** Waits for the first push matching {@code match} and removes it from the record. */
  public JsonObject awaitPush(Predicate<JsonObject> match, String what) {
    return awaitPush(match, what, Duration.ofSeconds(10));
  }

  /** The first push matching {@code match} (taken from the queue), waiting up to {@code within}. */
  public JsonObject awaitPush(Predicate<JsonObject> match, String what, Duration within) {
    return poll(
        () -> {
          synchronized (pushes) {
            for (int i = 0; i < pushes.size(); i++) {
              if (match.test(pushes.get(i))) {
                return pushes.remove(i);
              }
            }
            return null;
          }
        },
        what,
        within);
  }

  public JsonObject awaitEvent(String event, String roomId) {
    return awaitPush(
        p -> event.equals(p.getString("event")) && roomId.equals(p.getString("roomID")),
        event + " in " + roomId);
  }

  public List<JsonObject> pushes(String event) {
    synchronized (pushes) {
      return pushes.stream().filter(p -> event.equals(p.getString("event"))).toList();
    }
  }

  /** How many recorded roomUserUpdate pushes of {@code type} listed {@code userId}. */
  public int userUpdates(String type, String userId) {
    int n = 0;
    for (JsonObject p : pushes("roomUserUpdate")) {
      if (type.equals(p.getString("updateType"))) {
        JsonArray users = p.getJsonArray("userList");
        for (int i = 0; i < users.size(); i++) {
          if (userId.equals(users.getJsonObject(i).getString("userID"))) {
            n++;
          }
        }
      }
    }
    return n;
  }

  /** Sends raw text without waiting for anything. */
  public void sendRawNoReply(String text) {
    if (!closed) {
      socket.writeTextMessage(text);
    }
  }

  /** Waits until the server closed the connection with {@code code}. */
  public void awaitClosed(int code) {
    poll(() -> closed ? Boolean.TRUE : null, "the server to close the connection");
    if (closeCode == null || closeCode != code) {
      throw new AssertionError("closed with " + closeCode + ", expected " + code);
    }
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * What the server sent that a strict client (a browser) would fail on: invalid UTF-8, not JSON,
   * binary.
   */
  public List<String> violations() {
    synchronized (violations) {
      return List.copyOf(violations);
    }
  }

  private void violation(String what) {
    synchronized (violations) {
      violations.add(what);
    }
  }

  private static <T> T poll(java.util.function.Supplier<T> probe, String what) {
    return poll(probe, what, Duration.ofSeconds(10));
  }

  private static <T> T poll(java.util.function.Supplier<T> probe, String what, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no reply within 10 s");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      socket.close().await();
    }
    client.close();
    List<String> seen = violations();
    if (!seen.isEmpty()) {
      throw new AssertionError("the server sent " + seen);
    }
  }
}
