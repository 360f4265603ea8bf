package io.liveroom.chat;

import io.liveroom.infra.cluster.Node;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * The chat service's deployment unit. It joins the node's health status like every service; its
 * capability, broadcast, barrage and custom commands (IM issue), is not built yet, so it serves no address.
 */
public final class ChatVerticle extends VerticleBase {
  private final Node node;

  public ChatVerticle(Node node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    return Future.succeededFuture(node);
  }
}
