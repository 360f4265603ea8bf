package io.liveroom.media;

import io.liveroom.infra.cluster.Node;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * The media service's deployment unit. It joins the node's health status like every service; its
 * capability, the WebRTC SFU (media-node issue), is not built yet, so it serves no address.
 */
public final class MediaNodeVerticle extends VerticleBase {
  private final Node node;

  public MediaNodeVerticle(Node node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    return Future.succeededFuture(node);
  }
}
