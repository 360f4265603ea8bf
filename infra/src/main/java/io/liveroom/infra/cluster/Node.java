package io.liveroom.infra.cluster;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.NodeConfig;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.health.NodeStatus;
import io.liveroom.infra.metrics.NodeMetrics;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Vertx;

/**
 * What every service on this process shares: the Vertx, the node's identity and config, the typed
 * bus, the stores of the configured backend, the node's health status and its metrics.
 */
public record Node(
    Vertx vertx,
    Config config,
    NodeConfig node,
    Bus bus,
    Stores stores,
    NodeStatus status,
    NodeMetrics metrics) {
  /** A node that keeps no metrics. */
  public Node(
      Vertx vertx, Config config, NodeConfig node, Bus bus, Stores stores, NodeStatus status) {
    this(vertx, config, node, bus, stores, status, NodeMetrics.disabled());
  }

  public String id() {
    return node.id();
  }
}
