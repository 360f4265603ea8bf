package io.liveroom.launcher;

import io.liveroom.chat.ChatConfig;
import io.liveroom.chat.ChatVerticle;
import io.liveroom.egress.EgressConfig;
import io.liveroom.egress.EgressVerticle;
import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.GatewayVerticle;
import io.liveroom.gateway.TokenExpiryConfig;
import io.liveroom.infra.auth.AuthConfig;
import io.liveroom.infra.cluster.ClusterBootstrap;
import io.liveroom.infra.cluster.NetworkTransport;
import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.config.ClusterConfig;
import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.EventsConfig;
import io.liveroom.infra.config.NodeConfig;
import io.liveroom.infra.config.NodeConfig.Role;
import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.FailureLog;
import io.liveroom.infra.health.HealthVerticle;
import io.liveroom.infra.health.NodeStatus;
import io.liveroom.infra.http.HttpLimits;
import io.liveroom.infra.logging.LogConfig;
import io.liveroom.infra.metrics.BusMetrics;
import io.liveroom.infra.metrics.InfraMeters;
import io.liveroom.infra.metrics.MetricsConfig;
import io.liveroom.infra.metrics.NodeMetrics;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.tls.SelfSignedTls;
import io.liveroom.infra.tls.TlsConfig;
import io.liveroom.media.MediaCapacityConfig;
import io.liveroom.media.MediaConfig;
import io.liveroom.media.MediaNodeVerticle;
import io.liveroom.media.MediaRelayConfig;
import io.liveroom.presence.PresenceConfig;
import io.liveroom.presence.PresenceVerticle;
import io.liveroom.room.ReconcileVerticle;
import io.liveroom.room.RoomConfig;
import io.liveroom.room.RoomVerticle;
import io.liveroom.room.webhooks.WebhookConfig;
import io.liveroom.room.webhooks.WebhookVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Starts one liveroom node from configuration: the Vertx (plain or clustered), the stores, then the
 * services of its roles, the gateway last so clients arrive once the services are there.
 */
public final class Launcher {
  static final Set<String> SECTIONS =
      Set.of(
          NodeConfig.SECTION,
          ClusterConfig.SECTION,
          StoreConfig.SECTION,
          RoomConfig.SECTION,
          GatewayConfig.SECTION,
          AuthConfig.SECTION,
          ChatConfig.SECTION,
          PresenceConfig.SECTION,
          MediaConfig.SECTION,
          EgressConfig.SECTION,
          HttpLimits.SECTION,
          LogConfig.SECTION,
          MetricsConfig.SECTION,
          EventsConfig.SECTION,
          WebhookConfig.SECTION);

  private Launcher() {}

  /** Validates every section up front: a bad value fails before anything starts. */
  static NodeConfig validate(Config config) {
    config.checkKnownSections(SECTIONS);
    NodeConfig node = NodeConfig.from(config);
    NetworkTransport.from(config);
    ClusterConfig cluster = ClusterConfig.from(config);
    StoreConfig.from(config);
    RoomConfig.from(config);
    GatewayConfig.from(config);
    TokenExpiryConfig.from(config);
    HttpLimits.from(config);
    DevMode.check(AuthConfig.from(config), cluster);
    LogConfig.from(config);
    ChatConfig.from(config);
    PresenceConfig.from(config);
    MediaConfig.from(config);
    MediaCapacityConfig.from(config);
    MediaRelayConfig.from(config);
    EgressConfig.from(config);
    TlsConfig.from(config);
    MetricsConfig.from(config);
    EventsConfig.from(config);
    WebhookConfig.from(config);
    return node;
  }

  public static Future<RunningNode> start(Config given) {
    NodeConfig nodeConfig = validate(given);
    // --tls-self-signed: made once here, then served from its files like any certificate
    SelfSignedTls selfSigned =
        TlsConfig.from(given).selfSigned() ? SelfSignedTls.create(nodeConfig.httpHost()) : null;
    Config config = selfSigned == null ? given : given.with(selfSigned.overrides());
    ClusterConfig cluster = ClusterConfig.from(config);
    StoreConfig store = StoreConfig.from(config);
    NodeMetrics metrics = NodeMetrics.create(MetricsConfig.from(config), nodeConfig.id());
    InfraMeters.bindFailures(metrics, FailureLog.shared());
    return ClusterBootstrap.start(
            cluster, new VertxOptions(), metrics, NetworkTransport.from(config))
        .compose(
            started -> {
              Stores stores = new Stores(started.vertx(), store);
              NodeStatus status = new NodeStatus(nodeConfig.id());
              if (started.clustered()) {
                status.check(
                    "cluster",
                    () ->
                        started.clusterActive()
                            ? Future.succeededFuture()
                            : Future.failedFuture("not a member of cluster " + cluster.name()));
              }
              if (stores.usesRedis()) {
                status.check("redis", () -> stores.ping().timeout(2, TimeUnit.SECONDS));
              }
              Node node =
                  new Node(
                      started.vertx(),
                      config,
                      nodeConfig,
                      new Bus(
                          started.vertx().eventBus(),
                          nodeConfig.busTimeoutMs(),
                          metrics.enabled() ? new BusMetrics(metrics.registry()) : null),
                      stores,
                      status,
                      metrics);
              RunningNode running =
                  new RunningNode(node, started, TlsConfig.from(config), selfSigned);
              return deployAll(running)
                  .transform(
                      ar ->
                          ar.succeeded()
                              ? Future.succeededFuture(running)
                              : running.stop().transform(x -> Future.failedFuture(ar.cause())));
            });
  }

  private static Future<?> deployAll(RunningNode running) {
    Node node = running.node();
    List<Service> services = new ArrayList<>();
    services.add(new Service(Role.ROOM, RoomVerticle::new));
    services.add(new Service(Role.ROOM, WebhookVerticle::new, "webhooks"));
    services.add(new Service(Role.ROOM, ReconcileVerticle::new, "reconcile"));
    services.add(new Service(Role.PRESENCE, PresenceVerticle::new));
    services.add(new Service(Role.CHAT, ChatVerticle::new));
    services.add(new Service(Role.MEDIA, MediaNodeVerticle::new));
    services.add(new Service(Role.EGRESS, EgressVerticle::new));
    Future<?> chain = Future.succeededFuture();
    for (Service service : services) {
      if (node.node().has(service.role())) {
        chain = chain.compose(v -> running.deploy(service.name(), service.factory().apply(node)));
      }
    }
    if (node.node().has(Role.GATEWAY)) {
      return chain.compose(
          v -> {
            GatewayVerticle gateway = new GatewayVerticle(node);
            return running
                .deploy(Role.GATEWAY.id(), gateway)
                .onSuccess(
                    id -> {
                      running.gateway(gateway);
                      running.httpPort(gateway.actualPort());
                    });
          });
    }
    return chain.compose(
        v -> {
          HealthVerticle health =
              new HealthVerticle(
                  node.status(),
                  new HealthVerticle.Listener(
                      node.node().httpHost(),
                      node.node().httpPort(),
                      HttpLimits.from(node.config()),
                      running.tls()),
                  node.metrics());
          return running
              .deploy("health", health)
              .onSuccess(id -> running.httpPort(health.actualPort()));
        });
  }

  private record Service(Role role, Function<Node, Deployable> factory, String name) {
    Service(Role role, Function<Node, Deployable> factory) {
      this(role, factory, role.id());
    }
  }
}
