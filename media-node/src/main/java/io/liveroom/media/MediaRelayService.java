package io.liveroom.media;

import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.MediaRelayAttach;
import io.liveroom.infra.contracts.MediaRelayAttached;
import io.liveroom.infra.contracts.MediaRelayOpen;
import io.liveroom.infra.contracts.MediaRelayOpened;
import io.liveroom.media.engine.MediaEngine;
import io.liveroom.media.engine.RelayLinks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Serves the cascade's control on this node ({@link Addresses#mediaRelayAttach} as an edge, {@link
 * Addresses#mediaRelayOpen} as an origin): bus messages only; the relayed media goes from the
 * forwarding threads straight to the relay link's UDP socket. Engine calls run on worker threads;
 * concurrent attaches of one stream share one open (the map is touched on this verticle's context
 * only).
 */
final class MediaRelayService {
  private final Vertx vertx;
  private final Bus bus;
  private final String nodeId;
  private final Supplier<MediaEngine> engine;
  private final Map<String, Future<MediaRelayAttached>> attaching = new HashMap<>();

  private MediaRelayService(Vertx vertx, Bus bus, String nodeId, Supplier<MediaEngine> engine) {
    this.vertx = vertx;
    this.bus = bus;
    this.nodeId = nodeId;
    this.engine = engine;
  }

  static Future<?> serve(Vertx vertx, Bus bus, String nodeId, Supplier<MediaEngine> engine) {
    MediaRelayService s = new MediaRelayService(vertx, bus, nodeId, engine);
    return Future.join(
        bus.serve(Addresses.mediaRelayAttach(nodeId), MediaRelayAttach.class, s::attach)
            .completion(),
        bus.serve(Addresses.mediaRelayOpen(nodeId), MediaRelayOpen.class, s::open).completion());
  }

  private RelayLinks relays() {
    RelayLinks r = engine.get().relays();
    if (r == null) {
      throw ErrorCode.SERVICE_UNAVAILABLE.exception("relays are not started on this node");
    }
    return r;
  }

  Future<MediaRelayAttached> attach(MediaRelayAttach q) {
    if (q.streamId() == null || q.originNodeId() == null || q.originNodeId().equals(nodeId)) {
      return Future.failedFuture(
          ErrorCode.INVALID_FIELD.exception("streamId and another node's originNodeId required"));
    }
    String key = q.streamId() + "\n" + q.originNodeId();
    Future<MediaRelayAttached> running = attaching.get(key);
    if (running != null) {
      return running;
    }
    Future<MediaRelayAttached> f = doAttach(q).onComplete(ar -> attaching.remove(key));
    attaching.put(key, f);
    return f;
  }

  private Future<MediaRelayAttached> doAttach(MediaRelayAttach q) {
    return vertx
        .executeBlocking(() -> relays().prepare(q.streamId(), q.originNodeId()), false)
        .compose(
            request -> {
              if (request == null) {
                return Future.succeededFuture(
                    new MediaRelayAttached(nodeId, q.streamId(), q.originNodeId(), false));
              }
              RelayLinks relays = relays();
              return bus.request(
                      Addresses.mediaRelayOpen(q.originNodeId()),
                      new MediaRelayOpen(
                          q.streamId(),
                          nodeId,
                          request.linkId(),
                          relays.address().getAddress().getHostAddress(),
                          relays.address().getPort(),
                          request.edgeTag(),
                          Base64.getEncoder().encodeToString(request.keyingMaterial())),
                      MediaRelayOpened.class)
                  .compose(
                      opened ->
                          vertx.executeBlocking(
                              () -> {
                                relays.complete(
                                    q.originNodeId(),
                                    request,
                                    new RelayLinks.Opened(
                                        opened.originHost(),
                                        opened.originPort(),
                                        opened.originTag(),
                                        opened.publisherOffer()));
                                return new MediaRelayAttached(
                                    nodeId, q.streamId(), q.originNodeId(), true);
                              },
                              false));
            });
  }

  Future<MediaRelayOpened> open(MediaRelayOpen q) {
    byte[] keys;
    try {
      keys = Base64.getDecoder().decode(q.keyingMaterial() == null ? "" : q.keyingMaterial());
    } catch (IllegalArgumentException e) {
      keys = new byte[0];
    }
    if (q.streamId() == null
        || q.linkId() == null
        || q.edgeHost() == null
        || q.edgePort() <= 0
        || q.edgePort() > 65535
        || keys.length != 60) {
      return Future.failedFuture(
          ErrorCode.INVALID_FIELD.exception(
              "streamId, linkId, edgeHost, edgePort and 60 bytes of keying material are required"));
    }
    byte[] material = keys;
    return vertx.executeBlocking(
        () -> {
          RelayLinks.Opened o =
              relays()
                  .open(
                      q.streamId(),
                      q.edgeNodeId(),
                      new RelayLinks.Request(q.streamId(), q.linkId(), q.edgeTag(), material),
                      q.edgeHost(),
                      q.edgePort());
          return new MediaRelayOpened(
              nodeId, q.streamId(), o.host(), o.port(), o.originTag(), o.publisherOffer());
        },
        false);
  }
}
