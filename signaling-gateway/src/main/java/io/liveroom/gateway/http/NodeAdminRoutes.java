package io.liveroom.gateway.http;

import io.liveroom.gateway.requests.Fields;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.MediaNodeList;
import io.liveroom.infra.contracts.MediaNodesQuery;
import io.liveroom.infra.contracts.RoomCascade;
import io.liveroom.infra.contracts.RoomCascadeQuery;
import io.liveroom.infra.contracts.RoomDetail;
import io.liveroom.infra.contracts.RoomDetailQuery;
import io.liveroom.infra.store.MediaNodeRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The scale-out part of the admin API (mounted by {@link AdminApi}, behind its authorization):
 * {@code GET /v1/nodes} (each live media node's capacity, load and rooms) and {@code GET
 * /v1/rooms/{roomID}} (the room with its media node).
 */
final class NodeAdminRoutes {
  private final Bus bus;
  private final Fields fields;

  NodeAdminRoutes(Bus bus, Fields fields) {
    this.bus = bus;
    this.fields = fields;
  }

  void mount(Router router) {
    router.get("/v1/nodes").handler(ctx -> respond(ctx, nodes()));
    router
        .get("/v1/rooms/:roomID")
        .handler(
            ctx -> {
              Future<JsonObject> result;
              try {
                result =
                    room(
                        fields.id(
                            new JsonObject().put("roomID", ctx.pathParam("roomID")), "roomID"));
              } catch (RuntimeException e) {
                result = Future.failedFuture(e);
              }
              respond(ctx, result);
            });
  }

  private Future<JsonObject> nodes() {
    return bus.request(Addresses.ROOM_MEDIA_NODES, new MediaNodesQuery(), MediaNodeList.class)
        .map(
            list -> {
              JsonArray nodes = new JsonArray();
              list.nodes()
                  .forEach(
                      status ->
                          nodes.add(
                              node(status.node()).put("rooms", new JsonArray(status.rooms()))));
              return new JsonObject().put("nodes", nodes);
            });
  }

  static JsonObject node(MediaNodeRecord n) {
    return new JsonObject()
        .put("nodeID", n.nodeId())
        .put("addresses", new JsonArray(n.addresses()))
        .put("draining", n.draining())
        .put("announcedAt", n.announcedAt())
        .put(
            "capacity",
            new JsonObject()
                .put("maxStreams", n.maxStreams())
                .put("maxPlayers", n.maxPlayers())
                .put("maxBandwidthBps", n.maxBandwidthBps()))
        .put(
            "load",
            new JsonObject()
                .put("streams", n.streams())
                .put("players", n.players())
                .put("bitrateInBps", n.bitrateInBps())
                .put("bitrateOutBps", n.bitrateOutBps())
                .put("cpu", n.cpuLoad()));
  }

  /** The cascade is an extra: the room's detail never waits longer for it. */
  private static final long CASCADE_TIMEOUT_MS = 2_000;

  private Future<JsonObject> room(String roomId) {
    Future<RoomCascade> cascade =
        bus.request(
                Addresses.ROOM_CASCADE,
                new RoomCascadeQuery(roomId),
                RoomCascade.class,
                CASCADE_TIMEOUT_MS)
            .otherwiseEmpty(); // an older room-service, or late: the detail without the cascade
    return bus.request(Addresses.ROOM_DETAIL, new RoomDetailQuery(roomId), RoomDetail.class)
        .compose(r -> cascade.map(c -> withCascade(room(r), c)));
  }

  /** {@code cascade}: the origin and edges with players per node (null: no media, or unknown). */
  private static JsonObject withCascade(JsonObject room, RoomCascade c) {
    if (c == null || c.originNodeId() == null) {
      return room.put("cascade", null);
    }
    JsonArray edges = new JsonArray();
    JsonObject origin = null;
    for (RoomCascade.Node n : c.nodes()) {
      JsonObject o = new JsonObject().put("nodeID", n.nodeId()).put("players", n.players());
      if ("origin".equals(n.role())) {
        origin = o;
      } else {
        edges.add(o);
      }
    }
    return room.put("cascade", new JsonObject().put("origin", origin).put("edges", edges));
  }

  private static JsonObject room(RoomDetail r) {
    JsonObject media =
        r.mediaNodeId() == null
            ? null
            : new JsonObject()
                .put("nodeID", r.mediaNodeId())
                .put("placedAt", r.placedAt())
                .put("moves", r.moves());
    return new JsonObject()
        .put("roomID", r.roomId())
        .put("open", r.open())
        .put("mode", r.mode())
        .put("maxMembers", r.maxMembers())
        .put("members", r.members())
        .put("streams", new JsonArray(r.streams()))
        .put("mediaNode", media);
  }

  private static void respond(RoutingContext ctx, Future<JsonObject> result) {
    result.onSuccess(body -> HttpText.json(ctx, body)).onFailure(e -> AdminApi.fail(ctx, e));
  }
}
