package io.liveroom.chat;

import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.NodeConfig;
import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.RecordCodec;
import io.liveroom.infra.health.NodeStatus;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Nodes as the launcher builds them, on one test Vertx (a local event bus); closes their stores.
 */
final class ChatNodes implements AutoCloseable {
  private final Vertx vertx;
  private final List<Stores> opened = new ArrayList<>();

  ChatNodes(Vertx vertx) {
    this.vertx = vertx;
    RecordCodec.register(vertx.eventBus());
  }

  Node node(Map<String, String> overrides) {
    Config config = Config.of(overrides);
    NodeConfig nodeConfig = NodeConfig.from(config);
    Stores stores = new Stores(vertx, StoreConfig.from(config));
    opened.add(stores);
    return new Node(
        vertx,
        config,
        nodeConfig,
        new Bus(vertx.eventBus(), 5_000),
        stores,
        new NodeStatus(nodeConfig.id()));
  }

  @Override
  public void close() {
    opened.forEach(Stores::close);
  }
}
