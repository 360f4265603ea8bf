package io.liveroom.infra.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.liveroom.infra.config.ClusterConfig;
import io.liveroom.infra.contracts.RecordCodec;
import io.liveroom.infra.metrics.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.transport.Transport;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates this process's Vertx: a plain one with a local event bus, or a Hazelcast-clustered one
 * (TCP-IP join on the configured members; multicast, auto-detection and phone-home off). The record
 * codec is registered before anything can be deployed.
 */
public final class ClusterBootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterBootstrap.class);

  private ClusterBootstrap() {}

  /** A started Vertx and, when clustered, its cluster manager. */
  public record Started(Vertx vertx, HazelcastClusterManager clusterManager) {
    public boolean clustered() {
      return clusterManager != null;
    }

    public boolean clusterActive() {
      return clusterManager == null || clusterManager.isActive();
    }
  }

  public static Future<Started> start(ClusterConfig cluster, VertxOptions options) {
    return start(cluster, options, NodeMetrics.disabled(), Transport.NIO);
  }

  /**
   * As above, with Vert.x's own metrics in {@code metrics} when it keeps them, on this socket
   * transport ({@link NetworkTransport}).
   */
  public static Future<Started> start(
      ClusterConfig cluster, VertxOptions options, NodeMetrics metrics, Transport transport) {
    options = metrics.configure(options);
    LOG.info("socket transport {}", transport.name());
    if (!cluster.enabled()) {
      Vertx vertx =
          metrics.withVertxMetrics(Vertx.builder().with(options).withTransport(transport)).build();
      RecordCodec.register(vertx.eventBus());
      return Future.succeededFuture(new Started(vertx, null));
    }
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(cluster));
    EventBusOptions bus =
        options.getEventBusOptions().setHost(cluster.host()).setPort(cluster.eventBusPort());
    if (!cluster.publicHost().isEmpty()) {
      bus.setClusterPublicHost(cluster.publicHost());
    }
    return metrics
        .withVertxMetrics(Vertx.builder().with(options).withTransport(transport))
        .withClusterManager(manager)
        .buildClustered()
        .map(
            vertx -> {
              RecordCodec.register(vertx.eventBus());
              return new Started(vertx, manager);
            });
  }

  /**
   * Heartbeats, the failure detector and the split-brain merge timing (see {@link ClusterConfig}).
   */
  static void failureDetection(Config hz, ClusterConfig cluster) {
    hz.setProperty(
        "hazelcast.heartbeat.interval.seconds",
        Integer.toString(cluster.heartbeatIntervalSeconds()));
    hz.setProperty(
        "hazelcast.max.no.heartbeat.seconds", Integer.toString(cluster.maxNoHeartbeatSeconds()));
    hz.setProperty("hazelcast.heartbeat.failuredetector.type", cluster.failureDetector());
    hz.setProperty(
        "hazelcast.heartbeat.phiaccrual.failuredetector.threshold",
        Double.toString(cluster.phiThreshold()));
    hz.setProperty(
        "hazelcast.merge.first.run.delay.seconds", Integer.toString(cluster.mergeDelaySeconds()));
    hz.setProperty(
        "hazelcast.merge.next.run.delay.seconds", Integer.toString(cluster.mergeDelaySeconds()));
  }

  static Config hazelcastConfig(ClusterConfig cluster) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(cluster.name());
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    hz.setProperty("hazelcast.socket.bind.any", "false");
    hz.setProperty("hazelcast.wait.seconds.before.join", "1");
    failureDetection(hz, cluster);
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(true).setPortCount(20);
    network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    if (!cluster.publicHost().isEmpty()) {
      network.setPublicAddress(cluster.publicHost());
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    return hz;
  }
}
