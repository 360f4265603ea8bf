package io.liveroom.infra.testing.browser;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One DevTools protocol connection to the browser (not to a page): commands by id, events routed by
 * CDP session. Pages are attached with {@code flatten: true}, so every page talks over this one
 * WebSocket. Blocking helpers wait with a timeout; call them from the scenario thread, never from a
 * Vert.x event loop.
 */
public final class Cdp implements AutoCloseable {
  /** Longest a single CDP command may take unless the caller says otherwise. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final WebSocketClient client;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, Promise<JsonObject>> pending = new ConcurrentHashMap<>();
  private final Map<String, Consumer<JsonObject>> sessions = new ConcurrentHashMap<>();
  private final List<Page> pages = new ArrayList<>();
  private volatile String closedReason;

  private Cdp(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
  }

  /** Connects to {@link Chromium#webSocketUrl()}. */
  public static Cdp connect(Vertx vertx, String webSocketUrl) {
    URI uri = URI.create(webSocketUrl);
    // Screenshots and big evaluate results come as one large message.
    WebSocketClient client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxFrameSize(64 * 1024 * 1024)
                .setMaxMessageSize(64 * 1024 * 1024));
    // Chrome refuses DevTools WebSockets that carry an Origin header it was not told to allow.
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost(uri.getHost())
            .setPort(uri.getPort())
            .setURI(uri.getRawPath())
            .setAllowOriginHeader(false)
            .setTimeout(10_000);
    Future<Cdp> connected =
        client
            .connect(options)
            .map(
                ws -> {
                  Cdp cdp = new Cdp(client, ws);
                  ws.textMessageHandler(cdp::onText);
                  ws.closeHandler(
                      v ->
                          cdp.onClosed("DevTools WebSocket closed (" + ws.closeStatusCode() + ")"));
                  ws.exceptionHandler(e -> cdp.onClosed("DevTools WebSocket failed: " + e));
                  return cdp;
                });
    return await(connected, Duration.ofSeconds(15), "connect to DevTools at " + webSocketUrl);
  }

  private void onText(String text) {
    JsonObject message = new JsonObject(text);
    Integer id = message.getInteger("id");
    if (id != null) {
      Promise<JsonObject> reply = pending.remove(id);
      if (reply == null) {
        return;
      }
      JsonObject error = message.getJsonObject("error");
      if (error != null) {
        reply.fail(
            new CdpException(
                error.getString("message")
                    + (error.containsKey("data") ? ": " + error.getValue("data") : "")));
      } else {
        reply.complete(message.getJsonObject("result", new JsonObject()));
      }
      return;
    }
    String sessionId = message.getString("sessionId", "");
    Consumer<JsonObject> listener = sessions.get(sessionId);
    if (listener != null) {
      listener.accept(message);
    }
  }

  private void onClosed(String reason) {
    closedReason = reason;
    pending.values().forEach(p -> p.tryFail(new CdpException(reason)));
    pending.clear();
  }

  /** Sends a command (to the browser when {@code sessionId} is null) and returns its result. */
  public Future<JsonObject> send(String sessionId, String method, JsonObject params) {
    if (closedReason != null) {
      return Future.failedFuture(new CdpException(closedReason));
    }
    int id = ids.incrementAndGet();
    Promise<JsonObject> reply = Promise.promise();
    pending.put(id, reply);
    JsonObject message = new JsonObject().put("id", id).put("method", method).put("params", params);
    if (sessionId != null) {
      message.put("sessionId", sessionId);
    }
    socket
        .writeTextMessage(message.encode())
        .onFailure(
            e -> {
              pending.remove(id);
              reply.tryFail(e);
            });
    return reply.future();
  }

  /** {@link #send} and wait at most {@code timeout}. */
  public JsonObject call(String sessionId, String method, JsonObject params, Duration timeout) {
    try {
      return await(send(sessionId, method, params), timeout, method);
    } catch (CdpException e) {
      throw new CdpException(method + ": " + e.getMessage());
    }
  }

  /** Events of one CDP session ("" for browser-level events). */
  void listen(String sessionId, Consumer<JsonObject> listener) {
    sessions.put(sessionId, listener);
  }

  /**
   * Opens a new tab at about:blank and attaches to it. {@code isolated}: in a fresh browser context
   * (its own cookies, storage and permissions, like a separate incognito profile), for two users.
   */
  public Page newPage(String name, boolean isolated) {
    JsonObject create = new JsonObject().put("url", "about:blank");
    if (isolated) {
      String context =
          call(
                  null,
                  "Target.createBrowserContext",
                  new JsonObject().put("disposeOnDetach", true),
                  COMMAND_TIMEOUT)
              .getString("browserContextId");
      create.put("browserContextId", context);
    }
    String targetId =
        call(null, "Target.createTarget", create, COMMAND_TIMEOUT).getString("targetId");
    String sessionId =
        call(
                null,
                "Target.attachToTarget",
                new JsonObject().put("targetId", targetId).put("flatten", true),
                COMMAND_TIMEOUT)
            .getString("sessionId");
    Page page = new Page(this, name, targetId, sessionId);
    synchronized (pages) {
      pages.add(page);
    }
    page.enable();
    return page;
  }

  public List<Page> pages() {
    synchronized (pages) {
      return List.copyOf(pages);
    }
  }

  static <T> T await(Future<T> future, Duration timeout, String what) {
    try {
      return future.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new CdpException("no answer within " + timeout.toMillis() + " ms: " + what);
    } catch (CdpException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CdpException(what + ": " + e);
    }
  }

  /** Closes the DevTools connection (the browser itself is closed by {@link Chromium#close()}). */
  @Override
  public void close() {
    onClosed("closed by the test");
    try {
      socket.close().await(2, TimeUnit.SECONDS);
    } catch (TimeoutException | RuntimeException e) {
      // the browser is killed next anyway
    }
    client.close();
  }

  /** A failed or timed-out DevTools command. */
  public static final class CdpException extends RuntimeException {
    public CdpException(String message) {
      super(message);
    }
  }
}
