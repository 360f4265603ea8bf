package io.liveroom.media;

import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.NodeConfig;
import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.RecordCodec;
import io.liveroom.infra.health.NodeStatus;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A media node's {@link Node} for tests that deploy {@link MediaNodeVerticle} on a real bus. */
final class TestMediaNodes {
  private TestMediaNodes() {}

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  /**
   * Node {@code nodeId} on 127.0.0.1, any free media port, one worker thread, memory stores; {@code
   * settings} ("section.key", "value", ...) on top. Registers the record codec on the bus.
   */
  static Node node(Vertx vertx, String nodeId, String... settings) {
    RecordCodec.register(vertx.eventBus());
    Map<String, String> values = new HashMap<>();
    values.put("node.id", nodeId);
    values.put("media.port", "0");
    values.put("media.bindAddress", "127.0.0.1");
    values.put("media.workerThreads", "1");
    for (int i = 0; i + 1 < settings.length; i += 2) {
      values.put(settings[i], settings[i + 1]);
    }
    Config config = Config.of(values);
    NodeConfig nodeConfig = NodeConfig.from(config);
    return new Node(
        vertx,
        config,
        nodeConfig,
        new Bus(vertx.eventBus(), 10_000),
        new Stores(vertx, StoreConfig.from(config)),
        new NodeStatus(nodeConfig.id()));
  }
}
