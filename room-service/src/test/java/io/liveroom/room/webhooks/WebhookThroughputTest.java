package io.liveroom.room.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.infra.config.EventsConfig;
import io.liveroom.infra.contracts.EventPayload;
import io.liveroom.infra.contracts.LiveEvent;
import io.liveroom.infra.store.EventLog;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.testing.RedisServer;
import io.liveroom.infra.testing.RedisServerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How many events per second one instance delivers to one always-200 endpoint on loopback, through
 * the cluster path (the Redis Stream log and Redis cursors), with the default batch size. Prints
 * the figure; asserts only that everything arrived in order (timing is not asserted: the machine is
 * shared).
 */
@ExtendWith(VertxExtension.class)
class WebhookThroughputTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final int EVENTS = 20_000;

  @Test
  void oneInstanceDeliversTheLogToAnAlways200Receiver(Vertx vertx, RedisServer redis)
      throws Exception {
    Stores stores = new Stores(vertx, redis.storeConfig(RedisServer.freshPrefix()));
    EventLog log = stores.events(new EventsConfig(1_000_000, 3_600_000, false));
    for (int i = 0; i < EVENTS; i += 500) {
      List<LiveEvent> drafts = new ArrayList<>();
      for (int j = 0; j < 500; j++) {
        drafts.add(
            LiveEvent.draft(
                "room-" + (j % 50),
                System.currentTimeMillis(),
                new EventPayload.UserJoined(
                    "user-" + i + "-" + j, "User " + j, "session-" + i + "-" + j, "gw-1")));
      }
      log.append(drafts).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    long total =
        log.read(0, 1, null).toCompletionStage().toCompletableFuture().get().lastSeq()
            - log.read(0, 1, null).toCompletionStage().toCompletableFuture().get().oldestSeq()
            + 1;
    AtomicLong received = new AtomicLong();
    AtomicLong lastSeq = new AtomicLong();
    AtomicLong outOfOrder = new AtomicLong();
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              new JsonObject(body)
                                  .getJsonArray("events")
                                  .forEach(
                                      e -> {
                                        long seq = ((JsonObject) e).getLong("seq");
                                        if (seq <= lastSeq.getAndSet(seq)) {
                                          outOfOrder.incrementAndGet();
                                        }
                                        received.incrementAndGet();
                                      });
                              req.response().setStatusCode(204).end();
                            }))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    String url = "http://127.0.0.1:" + server.actualPort() + "/hook";
    HttpClient client = vertx.createHttpClient();
    WebhookConfig config =
        new WebhookConfig(List.of(url), "0123456789abcdef", 60_000, 100, 10_000, 5_000, 50);
    EndpointDeliverer d =
        new EndpointDeliverer(
            vertx,
            url,
            log,
            stores.deliveryCursors(),
            "bench",
            config,
            (body, ts, sig) ->
                client
                    .request(
                        new RequestOptions()
                            .setMethod(HttpMethod.POST)
                            .setAbsoluteURI(url)
                            .putHeader("Content-Type", "application/json")
                            .putHeader(WebhookSigner.TIMESTAMP_HEADER, "" + ts)
                            .putHeader(WebhookSigner.SIGNATURE_HEADER, sig))
                    .compose(r -> r.send(body))
                    .compose(r -> r.body().map(b -> r.statusCode())),
            new Backoff(1_000, new Random()),
            new WebhookMeters(new SimpleMeterRegistry()).endpoint(url),
            System::currentTimeMillis);
    long start = System.nanoTime();
    vertx.runOnContext(v -> d.start());
    long deadline = System.currentTimeMillis() + 120_000;
    while (received.get() < total && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(total, received.get());
    assertEquals(0, outOfOrder.get());
    System.out.printf(
        "WebhookThroughputTest: %d events in %.2f s = %.0f events/s (batches of %d, Redis log and"
            + " cursors, one endpoint, loopback)%n",
        total, seconds, total / seconds, config.batchSize());
    d.stop();
    server.close();
    stores.close();
  }
}
