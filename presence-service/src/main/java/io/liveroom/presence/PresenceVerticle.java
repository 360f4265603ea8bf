package io.liveroom.presence;

import io.liveroom.infra.cluster.Node;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * The presence service's deployment unit. It joins the node's health status like every service; its
 * capability, exact online counts (presence issue), is not built yet, so it serves no address.
 */
public final class PresenceVerticle extends VerticleBase {
  private final Node node;

  public PresenceVerticle(Node node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    return Future.succeededFuture(node);
  }
}
