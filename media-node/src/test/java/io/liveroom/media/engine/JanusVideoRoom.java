package io.liveroom.media.engine;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of Janus's VideoRoom plugin over Janus's HTTP API, for the SFU load tool: one session
 * (kept alive and read by one long-poll thread), one room, one handle for the publisher and one per
 * subscriber. Asynchronous plugin replies (acknowledged with {@code ack}, answered by an {@code
 * event} on the long poll) are matched to their request by transaction.
 */
final class JanusVideoRoom implements AutoCloseable {
  /** Seconds to wait for a reply or an event of a request. */
  private static final long TIMEOUT_S = 20;

  /** A subscription: its handle and Janus's JSEP offer. */
  record Subscription(long handle, String offer) {}

  private final HttpClient http;
  private final String base;
  private final Map<String, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
  private final AtomicLong transactions = new AtomicLong();
  private final long session;
  private final long room;
  private final Thread poller;
  private volatile boolean running = true;
  private volatile long feed;
  private volatile long publisherHandle;

  /** Creates a session on {@code base} (e.g. {@code http://10.213.0.1:8088/janus}) and a room. */
  JanusVideoRoom(String base) throws IOException {
    this.base = base.replaceAll("/+$", "");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    JsonObject created = post(this.base, new JsonObject().put("janus", "create"));
    session = created.getJsonObject("data").getLong("id");
    poller = new Thread(this::poll, "janus-long-poll");
    poller.setDaemon(true);
    poller.start();
    long admin = attach();
    long id = ThreadLocalRandom.current().nextLong(1, 1L << 40);
    JsonObject data =
        message(
            admin,
            new JsonObject()
                .put("request", "create")
                .put("room", id)
                .put("publishers", 1)
                .put("audiocodec", "opus")
                .put("videocodec", "vp8")
                .put("bitrate", 0)
                .put("fir_freq", 0)
                .put("notify_joining", false),
            null);
    if (!"created".equals(data.getString("videoroom"))) {
      throw new IOException("janus: room not created: " + data.encode());
    }
    room = id;
    detach(admin);
  }

  long room() {
    return room;
  }

  /** Joins as the room's publisher with {@code offer}: Janus's answer. */
  String publish(String offer) throws IOException {
    long handle = attach();
    publisherHandle = handle;
    JsonObject[] reply = new JsonObject[1];
    JsonObject data =
        message(
            handle,
            new JsonObject()
                .put("request", "joinandconfigure")
                .put("ptype", "publisher")
                .put("room", room)
                .put("display", "sfu-bench")
                .put("audio", true)
                .put("video", true),
            new JsonObject().put("type", "offer").put("sdp", offer),
            reply);
    String answer = jsepSdp(reply[0], "answer");
    feed = data.getLong("id");
    return answer;
  }

  /** A subscriber handle joined to the publisher's feed, with Janus's offer. */
  Subscription subscribe() throws IOException {
    long handle = attach();
    JsonObject[] reply = new JsonObject[1];
    message(
        handle,
        new JsonObject()
            .put("request", "join")
            .put("ptype", "subscriber")
            .put("room", room)
            .put("streams", new JsonArray().add(new JsonObject().put("feed", feed))),
        null,
        reply);
    return new Subscription(handle, jsepSdp(reply[0], "offer"));
  }

  /** Sends the subscriber's answer ({@code start}). */
  void start(long handle, String answer) throws IOException {
    message(
        handle,
        new JsonObject().put("request", "start"),
        new JsonObject().put("type", "answer").put("sdp", answer));
  }

  /** Detaches a handle (its PeerConnection ends); errors ignored. */
  void detach(long handle) {
    try {
      post(base + "/" + session + "/" + handle, new JsonObject().put("janus", "detach"));
    } catch (IOException | RuntimeException ignored) {
      // the session's end takes it with it
    }
  }

  @Override
  public void close() {
    if (publisherHandle != 0) {
      detach(publisherHandle);
    }
    running = false;
    try {
      post(base + "/" + session, new JsonObject().put("janus", "destroy"));
    } catch (IOException | RuntimeException ignored) {
      // Janus ends with the script
    }
    poller.interrupt();
  }

  private long attach() throws IOException {
    JsonObject r =
        post(
            base + "/" + session,
            new JsonObject().put("janus", "attach").put("plugin", "janus.plugin.videoroom"));
    return r.getJsonObject("data").getLong("id");
  }

  private JsonObject message(long handle, JsonObject body, JsonObject jsep) throws IOException {
    return message(handle, body, jsep, new JsonObject[1]);
  }

  /**
   * A plugin message: the plugin's data (synchronous {@code success} or the asynchronous {@code
   * event}); the whole reply in {@code reply[0]} (its {@code jsep}). A VideoRoom error throws.
   */
  private JsonObject message(long handle, JsonObject body, JsonObject jsep, JsonObject[] reply)
      throws IOException {
    JsonObject m = new JsonObject().put("janus", "message").put("body", body);
    if (jsep != null) {
      m.put("jsep", jsep);
    }
    JsonObject r = post(base + "/" + session + "/" + handle, m);
    reply[0] = r;
    JsonObject plugin = r.getJsonObject("plugindata");
    JsonObject data = plugin == null ? null : plugin.getJsonObject("data");
    if (data == null) {
      throw new IOException("janus: no plugin data in " + r.encode());
    }
    if (data.containsKey("error")) {
      throw new IOException("janus: " + body.getString("request") + ": " + data.encode());
    }
    return data;
  }

  /**
   * POSTs a request: Janus's reply, or for an {@code ack} the event with the same transaction that
   * the long poll brings. An {@code error} reply throws.
   */
  private JsonObject post(String url, JsonObject request) throws IOException {
    String tx = "t" + transactions.incrementAndGet();
    request.put("transaction", tx);
    CompletableFuture<JsonObject> event = new CompletableFuture<>();
    pending.put(tx, event); // before the request: the event may come before the ack
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(Duration.ofSeconds(TIMEOUT_S))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(request.encode()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException("janus " + url + ": HTTP " + r.statusCode() + " " + r.body());
      }
      JsonObject reply = checked(new JsonObject(r.body()));
      if (!"ack".equals(reply.getString("janus"))) {
        return reply;
      }
      return checked(event.get(TIMEOUT_S, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("janus: no event for " + request.encode(), e);
    } finally {
      pending.remove(tx);
    }
  }

  private static JsonObject checked(JsonObject reply) throws IOException {
    if ("error".equals(reply.getString("janus"))) {
      throw new IOException("janus: " + reply.encode());
    }
    return reply;
  }

  private static String jsepSdp(JsonObject reply, String type) throws IOException {
    JsonObject jsep = reply == null ? null : reply.getJsonObject("jsep");
    if (jsep == null || !type.equals(jsep.getString("type")) || jsep.getString("sdp") == null) {
      throw new IOException("janus: no JSEP " + type + " in " + reply);
    }
    return jsep.getString("sdp");
  }

  /** The long poll: keeps the session alive, hands events to the requests waiting for them. */
  private void poll() {
    while (running) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/" + session + "?maxev=20"))
                    .timeout(Duration.ofSeconds(60))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        String body = r.body().trim();
        if (body.startsWith("[")) {
          for (Object o : new JsonArray(body)) {
            dispatch((JsonObject) o);
          }
        } else if (body.startsWith("{")) {
          dispatch(new JsonObject(body));
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        if (running) {
          System.err.println("janus long poll: " + e);
          try {
            Thread.sleep(200);
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }
  }

  /** Completes the request an event answers (plugin events and errors carry its transaction). */
  void dispatch(JsonObject event) {
    String tx = event.getString("transaction");
    String type = event.getString("janus");
    if (tx != null && ("event".equals(type) || "error".equals(type))) {
      CompletableFuture<JsonObject> f = pending.get(tx);
      if (f != null) {
        f.complete(event);
      }
    }
  }
}
