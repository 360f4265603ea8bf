package io.liveroom.launcher;

import io.liveroom.gateway.GatewayVerticle;
import io.liveroom.infra.cluster.ClusterBootstrap;
import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.health.NodeStatus;
import io.liveroom.infra.tls.SelfSignedTls;
import io.liveroom.infra.tls.TlsConfig;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/** A started node: what it deployed, its HTTP port, and a clean stop. */
public final class RunningNode {
  private final Node node;
  private final ClusterBootstrap.Started started;
  private final TlsConfig tls;
  private final SelfSignedTls selfSigned;
  private final Deque<String[]> deployments = new ArrayDeque<>();
  private volatile int httpPort = -1;
  private volatile GatewayVerticle gateway;
  private Future<Void> stopping;

  RunningNode(
      Node node, ClusterBootstrap.Started started, TlsConfig tls, SelfSignedTls selfSigned) {
    this.node = node;
    this.started = started;
    this.tls = tls;
    this.selfSigned = selfSigned;
  }

  /** The HTTP server's TLS ({@link TlsConfig#NONE} without). */
  public TlsConfig tls() {
    return tls;
  }

  /** The certificate made at start by {@code --tls-self-signed}, or null. */
  public SelfSignedTls selfSigned() {
    return selfSigned;
  }

  public Node node() {
    return node;
  }

  public Vertx vertx() {
    return node.vertx();
  }

  public boolean clustered() {
    return started.clustered();
  }

  public int httpPort() {
    return httpPort;
  }

  /** The gateway deployed here, or null when this node has no gateway role. */
  public GatewayVerticle gateway() {
    return gateway;
  }

  void gateway(GatewayVerticle deployed) {
    this.gateway = deployed;
  }

  void httpPort(int port) {
    this.httpPort = port;
  }

  Future<String> deploy(String name, Deployable verticle) {
    node.status().service(name, NodeStatus.State.STARTING);
    return node.vertx()
        .deployVerticle(verticle)
        .onSuccess(
            id -> {
              deployments.push(new String[] {name, id});
              node.status().service(name, NodeStatus.State.UP);
            });
  }

  /**
   * Undeploys in reverse order (the gateway first: it stops accepting and takes its sessions out of
   * their rooms while the services are still up), then leaves the cluster and closes Vertx.
   */
  public synchronized Future<Void> stop() {
    if (stopping != null) {
      return stopping;
    }
    deployments.forEach(d -> node.status().service(d[0], NodeStatus.State.STOPPING));
    Future<?> chain = Future.succeededFuture();
    while (!deployments.isEmpty()) {
      String id = deployments.pop()[1];
      chain = chain.compose(v -> node.vertx().undeploy(id).otherwiseEmpty());
    }
    long timeout = Math.max(1, node.node().shutdownTimeoutMs());
    stopping =
        chain
            .timeout(timeout, TimeUnit.MILLISECONDS)
            .otherwiseEmpty()
            .eventually(
                () -> {
                  node.stores().close();
                  if (selfSigned != null) {
                    selfSigned.delete();
                  }
                  return node.vertx().close();
                })
            .mapEmpty();
    return stopping;
  }
}
