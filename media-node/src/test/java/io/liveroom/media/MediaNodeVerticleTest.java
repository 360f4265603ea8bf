package io.liveroom.media;

import static io.liveroom.media.TestMediaNodes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.MediaAnswer;
import io.liveroom.infra.contracts.MediaPeerUpdated;
import io.liveroom.infra.contracts.MediaPlay;
import io.liveroom.infra.contracts.MediaPublish;
import io.liveroom.infra.contracts.MediaStats;
import io.liveroom.infra.contracts.MediaStatsQuery;
import io.liveroom.infra.contracts.MediaStop;
import io.liveroom.infra.contracts.MediaStopped;
import io.liveroom.infra.contracts.ServiceException;
import io.liveroom.media.engine.BusTestClients;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The media service on a real event bus: publish, play, events, stats and stop through its per-node
 * addresses.
 */
@ExtendWith(VertxExtension.class)
class MediaNodeVerticleTest {
  @Test
  void servesPublishPlayStatsAndStopOverTheBus(Vertx vertx) throws Exception {
    Node node = TestMediaNodes.node(vertx, "media1");
    Bus bus = node.bus();
    List<MediaPeerUpdated> events = new CopyOnWriteArrayList<>();
    await(
        vertx
            .eventBus()
            .<MediaPeerUpdated>consumer(Addresses.MEDIA_PEER_UPDATED, m -> events.add(m.body()))
            .completion());
    await(vertx.deployVerticle(new MediaNodeVerticle(node)));

    try (BusTestClients clients = new BusTestClients()) {
      MediaAnswer published =
          await(
              bus.request(
                  Addresses.mediaPublish("media1"),
                  new MediaPublish("live", clients.publisherOffer()),
                  MediaAnswer.class));
      assertEquals("media1", published.nodeId());
      clients.publisherAnswer(published.answerSdp());
      MediaAnswer played =
          await(
              bus.request(
                  Addresses.mediaPlay("media1"),
                  new MediaPlay("live", clients.playerOffer()),
                  MediaAnswer.class));
      clients.playerAnswer(played.answerSdp());
      clients.awaitMediaFlows();
      waitFor(
          () -> events.stream().filter(e -> e.state().equals("CONNECTED")).count() == 2,
          "both connected");

      MediaStats stats =
          await(
              bus.request(
                  Addresses.mediaStats("media1"), new MediaStatsQuery("live"), MediaStats.class));
      assertEquals("live", stats.streams().get(0).streamId());

      ServiceException missing =
          (ServiceException)
              bus.request(
                      Addresses.mediaPlay("media1"),
                      new MediaPlay("other", clients.playerOffer()),
                      MediaAnswer.class)
                  .toCompletionStage()
                  .toCompletableFuture()
                  .handle(
                      (ok, e) ->
                          e instanceof java.util.concurrent.CompletionException ? e.getCause() : e)
                  .get();
      assertEquals(ErrorCode.STREAM_NOT_FOUND, missing.code());

      MediaStopped stopped =
          await(
              bus.request(
                  Addresses.mediaStop("media1"), new MediaStop(null, "live"), MediaStopped.class));
      assertTrue(stopped.stopped());
      waitFor(
          () ->
              events.stream()
                  .anyMatch(
                      e ->
                          e.peerId().equals(played.peerId())
                              && e.state().equals("CLOSED")
                              && "PUBLISHER_GONE".equals(e.reason())
                              && e.errorCode() == ErrorCode.MEDIA_PUBLISHER_GONE.code()),
          "player's NO_PLAY event");
      assertTrue(
          events.stream()
              .anyMatch(
                  e ->
                      e.peerId().equals(published.peerId())
                          && "STOPPED".equals(e.reason())
                          && e.errorCode() == 0));
    }
  }

  static void waitFor(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out: " + what);
      }
      Thread.sleep(10);
    }
  }
}
