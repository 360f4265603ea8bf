package io.liveroom.room.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.EventPayload;
import io.liveroom.infra.contracts.LiveEvent;
import io.liveroom.infra.store.MemoryDeliveryCursors;
import io.liveroom.infra.store.MemoryEventLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The deliverer against a real HTTP receiver on loopback, with the memory log and cursors. */
@ExtendWith(VertxExtension.class)
class EndpointDelivererTest {
  private static final String SECRET = "0123456789abcdef";
  private final List<Long> received = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger posts = new AtomicInteger();
  private final AtomicInteger badSignatures = new AtomicInteger();
  private MemoryEventLog log;
  private MemoryDeliveryCursors cursors;
  private HttpServer server;
  private HttpClient client;
  private String url;

  @BeforeEach
  void receiver(Vertx vertx) throws Exception {
    log = new MemoryEventLog(100_000, 3_600_000, System::currentTimeMillis);
    cursors = new MemoryDeliveryCursors(System::currentTimeMillis);
    WebhookSigner signer = new WebhookSigner(SECRET);
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              posts.incrementAndGet();
                              if (down.get()) {
                                req.response().setStatusCode(503).end();
                                return;
                              }
                              if (!"application/json".equals(req.getHeader("Content-Type"))
                                  || !signer.verify(
                                      req.getHeader(WebhookSigner.TIMESTAMP_HEADER),
                                      req.getHeader(WebhookSigner.SIGNATURE_HEADER),
                                      body.getBytes(),
                                      System.currentTimeMillis(),
                                      300_000)) {
                                badSignatures.incrementAndGet();
                                req.response().setStatusCode(401).end();
                                return;
                              }
                              new JsonObject(body)
                                  .getJsonArray("events")
                                  .forEach(e -> received.add(((JsonObject) e).getLong("seq")));
                              req.response().setStatusCode(204).end();
                            }))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    url = "http://127.0.0.1:" + server.actualPort() + "/hook";
    client = vertx.createHttpClient();
  }

  @AfterEach
  void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private WebhookConfig config(long maxRetryMs, long leaseMs) {
    return new WebhookConfig(List.of(url), SECRET, maxRetryMs, 7, leaseMs, 2_000, 20);
  }

  private EndpointDeliverer deliverer(
      Vertx vertx, String owner, WebhookConfig config, WebhookMeters.Endpoint meters) {
    return new EndpointDeliverer(
        vertx,
        url,
        log,
        cursors,
        owner,
        config,
        this::post,
        new Backoff(200, new Random()),
        meters,
        System::currentTimeMillis);
  }

  /** The real sender: a signed POST to the receiver, yielding its status. */
  private Future<Integer> post(Buffer body, long ts, String sig) {
    return client
        .request(
            new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .putHeader("Content-Type", "application/json")
                .putHeader(WebhookSigner.TIMESTAMP_HEADER, Long.toString(ts))
                .putHeader(WebhookSigner.SIGNATURE_HEADER, sig))
        .compose(r -> r.send(body))
        .compose(r -> r.body().map(b -> r.statusCode()));
  }

  private void append(int n) throws Exception {
    List<LiveEvent> drafts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      drafts.add(
          LiveEvent.draft(
              "r",
              System.currentTimeMillis(),
              new EventPayload.RoomExtraInfo("k", "v" + i, "u", "U")));
    }
    log.append(drafts).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  private List<Long> expected() throws Exception {
    return log
        .read(0, 100_000, null)
        .toCompletionStage()
        .toCompletableFuture()
        .get()
        .events()
        .stream()
        .map(LiveEvent::seq)
        .toList();
  }

  @Test
  void deliversEverythingInOrderSignedAndInBatches(Vertx vertx) throws Exception {
    append(30);
    WebhookMeters.Endpoint meters = new WebhookMeters(new SimpleMeterRegistry()).endpoint(url);
    EndpointDeliverer d = deliverer(vertx, "a", config(60_000, 5_000), meters);
    vertx.runOnContext(v -> d.start());
    await(() -> received.size() == 30, "30 events");
    append(5);
    await(() -> received.size() == 35, "35 events");
    assertEquals(expected(), received);
    assertEquals(0, badSignatures.get());
    assertTrue(posts.get() >= 6, "batches of at most 7: " + posts.get() + " POSTs");
    // The receiver records a batch before its reply reaches the deliverer, which counts it then.
    await(() -> meters.deliveredEvents().count() >= 35.0, "35 events counted as delivered");
    assertEquals(35.0, meters.deliveredEvents().count());
    d.stop();
  }

  @Test
  void anEndpointThatKeepsFailingIsMarkedFailingAndResumesWhereItStopped(Vertx vertx)
      throws Exception {
    append(10);
    down.set(true);
    WebhookMeters.Endpoint meters = new WebhookMeters(new SimpleMeterRegistry()).endpoint(url);
    EndpointDeliverer d = deliverer(vertx, "a", config(1_000, 5_000), meters);
    vertx.runOnContext(v -> d.start());
    await(d::failing, "the endpoint marked failing");
    await(() -> meters.failingFlag().get() == 1, "the failing gauge raised");
    assertTrue(meters.failedAttempts().count() >= 3, "retried: " + meters.failedAttempts().count());
    append(10);
    down.set(false);
    await(() -> received.size() == 20, "delivery resumed");
    assertEquals(expected(), received, "no gap, no reordering across the outage");
    await(() -> !d.failing(), "failing cleared");
    await(() -> meters.failingFlag().get() == 0, "the failing gauge cleared");
    d.stop();
  }

  @Test
  void oneDelivererHoldsTheLeaseAndAnotherTakesOverFromTheStoredPosition(Vertx vertx)
      throws Exception {
    append(20);
    WebhookMeters meters = new WebhookMeters(new SimpleMeterRegistry());
    EndpointDeliverer a = deliverer(vertx, "a", config(60_000, 1_000), meters.endpoint(url));
    EndpointDeliverer b = deliverer(vertx, "b", config(60_000, 1_000), meters.endpoint(url));
    vertx.runOnContext(v -> a.start());
    await(() -> received.size() == 20, "a delivers");
    vertx.runOnContext(v -> b.start());
    Thread.sleep(300);
    assertTrue(a.holding());
    assertFalse(b.holding(), "two holders at once");
    Future<Void> stopped = a.stop(); // releases the lease
    stopped.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    append(10);
    await(() -> received.size() >= 30, "b takes over");
    assertTrue(b.holding());
    assertEquals(expected(), received, "b starts after what a delivered");
    b.stop();
  }

  @Test
  void aPostThatIsNeverAnsweredDoesNotStopDelivery(Vertx vertx) throws Exception {
    append(12);
    WebhookMeters.Endpoint meters = new WebhookMeters(new SimpleMeterRegistry()).endpoint(url);
    AtomicInteger calls = new AtomicInteger();
    EndpointDeliverer.Sender hangsOnce =
        (body, ts, sig) ->
            calls.incrementAndGet() == 1
                ? io.vertx.core.Promise.<Integer>promise().future() // never completes
                : post(body, ts, sig);
    EndpointDeliverer d =
        new EndpointDeliverer(
            vertx,
            url,
            log,
            cursors,
            "a",
            config(60_000, 1_000),
            hangsOnce,
            new Backoff(200, new Random()),
            meters,
            System::currentTimeMillis);
    vertx.runOnContext(v -> d.start());
    await(() -> received.size() == 12, "all 12 events after the unanswered POST was given up");
    assertEquals(expected(), received);
    assertTrue(meters.failedAttempts().count() >= 1, "the unanswered POST counted as failed");
    d.stop();
  }
}
