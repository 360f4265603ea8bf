package io.liveroom.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.NodeConfig;
import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.RecordCodec;
import io.liveroom.infra.health.NodeStatus;
import io.liveroom.infra.store.MediaNodeRecord;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The node in the media-node registry: announced with capacity and load on start, withdrawn by the
 * drain.
 */
@ExtendWith(VertxExtension.class)
class MediaNodeRegistrationTest {
  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  @Test
  void announcesCapacityAndLoadThenDrainsOutOfTheRegistry(Vertx vertx) throws Exception {
    RecordCodec.register(vertx.eventBus());
    Config config =
        Config.of(
            Map.of(
                "node.id",
                "media-reg",
                "media.port",
                "0",
                "media.bindAddress",
                "127.0.0.1",
                "media.workerThreads",
                "1",
                "media.maxStreams",
                "7",
                "media.maxPlayers",
                "70",
                "media.drainTimeoutMs",
                "0"));
    NodeConfig nodeConfig = NodeConfig.from(config);
    Stores stores = new Stores(vertx, StoreConfig.from(config));
    Node node =
        new Node(
            vertx,
            config,
            nodeConfig,
            new Bus(vertx.eventBus(), 10_000),
            stores,
            new NodeStatus(nodeConfig.id()));
    MediaNodeVerticle verticle = new MediaNodeVerticle(node);
    String deployment = await(vertx.deployVerticle(verticle));

    MediaNodeRecord announced = await(stores.mediaNodes().get("media-reg"));
    assertEquals(7, announced.maxStreams());
    assertEquals(70, announced.maxPlayers());
    assertEquals(0, announced.streams());
    assertFalse(announced.draining());
    assertEquals(List.of("127.0.0.1:" + verticle.engine().port()), announced.addresses());
    assertTrue(announced.cpuLoad() <= 1.0);

    await(vertx.undeploy(deployment));
    assertNull(
        await(stores.mediaNodes().get("media-reg")), "a stopped node leaves the registry at once");
    assertEquals(List.of(), await(stores.mediaNodes().live()));
  }
}
