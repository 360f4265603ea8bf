package io.liveroom.launcher.events;

import io.liveroom.room.webhooks.WebhookSigner;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A webhook endpoint on loopback, as an app's back end would run one but hostile: it answers 500 to
 * {@code failRate} of the POSTs at random (keeping nothing of them) and holds {@code stallRate} of
 * them for {@code stallMs} before answering (keeping their events: the sender may have given up).
 * It checks every signature and Content-Type, and keeps each event by id (duplicates counted).
 */
final class WebhookReceiver implements AutoCloseable {
  private final Map<String, JsonObject> byId = new ConcurrentHashMap<>();
  private final AtomicInteger received = new AtomicInteger();
  final AtomicInteger posts = new AtomicInteger();
  final AtomicInteger failed = new AtomicInteger();
  final AtomicInteger stalled = new AtomicInteger();
  final AtomicInteger rejected = new AtomicInteger();

  /** Epoch ms of every 2xx answer, in order. */
  private final List<Long> acceptedAt = new ArrayList<>();

  private final AtomicLong lastPostAt = new AtomicLong();
  private final HttpServer server;
  private final Random random = new Random();

  WebhookReceiver(Vertx vertx, String secret, double failRate, double stallRate, long stallMs)
      throws Exception {
    WebhookSigner signer = new WebhookSigner(secret);
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              posts.incrementAndGet();
                              lastPostAt.set(System.currentTimeMillis());
                              if (!"application/json".equals(req.getHeader("Content-Type"))
                                  || !signer.verify(
                                      req.getHeader(WebhookSigner.TIMESTAMP_HEADER),
                                      req.getHeader(WebhookSigner.SIGNATURE_HEADER),
                                      body.getBytes(),
                                      System.currentTimeMillis(),
                                      300_000)) {
                                rejected.incrementAndGet();
                                req.response().setStatusCode(401).end();
                                return;
                              }
                              double roll;
                              synchronized (random) {
                                roll = random.nextDouble();
                              }
                              if (roll < failRate) {
                                failed.incrementAndGet();
                                req.response().setStatusCode(500).end();
                                return;
                              }
                              new JsonObject(body)
                                  .getJsonArray("events")
                                  .forEach(
                                      e -> {
                                        JsonObject event = (JsonObject) e;
                                        received.incrementAndGet();
                                        byId.putIfAbsent(event.getString("id"), event);
                                      });
                              if (roll < failRate + stallRate) {
                                stalled.incrementAndGet();
                                vertx.setTimer(
                                    stallMs, t -> req.response().setStatusCode(200).end());
                                return;
                              }
                              synchronized (acceptedAt) {
                                acceptedAt.add(System.currentTimeMillis());
                              }
                              req.response().setStatusCode(204).end();
                            }))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/liveroom/events";
  }

  /** Distinct events by id. */
  List<JsonObject> events() {
    return new ArrayList<>(byId.values());
  }

  /** Events received in accepted POSTs, duplicates included. */
  int receivedWithDuplicates() {
    return received.get();
  }

  /** The first 2xx answer at or after {@code since}, or -1. */
  long firstAcceptedAfter(long since) {
    synchronized (acceptedAt) {
      return acceptedAt.stream().filter(t -> t >= since).findFirst().orElse(-1L);
    }
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
