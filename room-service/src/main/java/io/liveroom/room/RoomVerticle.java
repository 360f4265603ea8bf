package io.liveroom.room;

import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.GatewayExpired;
import io.liveroom.infra.contracts.LocateStream;
import io.liveroom.infra.contracts.MediaNodeAnnounced;
import io.liveroom.infra.contracts.MediaPeerUpdated;
import io.liveroom.infra.contracts.MediaStop;
import io.liveroom.infra.contracts.KickUsers;
import io.liveroom.infra.contracts.ListRooms;
import io.liveroom.infra.contracts.ListUsers;
import io.liveroom.infra.contracts.LoginRoom;
import io.liveroom.infra.contracts.LogoutRoom;
import io.liveroom.infra.contracts.PublishStream;
import io.liveroom.infra.contracts.RelaySignal;
import io.liveroom.infra.contracts.ResumeSession;
import io.liveroom.infra.contracts.SetRoomExtraInfo;
import io.liveroom.infra.contracts.SetStreamExtraInfo;
import io.liveroom.infra.contracts.UnpublishStream;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;

/**
 * Deploys room-service (rooms, members, streams, extra info, relay) on the event bus, and evicts
 * the members of every gateway presence-service declares dead ({@code presence.gateway.expired}).
 */
public final class RoomVerticle extends VerticleBase {
  private static final System.Logger LOG = System.getLogger(RoomVerticle.class.getName());
  /** A media node unheard of this long (it announces every 2 s) gets no new rooms. */
  static final long MEDIA_NODE_TTL_MS = 6_000;
  private final Node node;
  private final RoomConfig config;

  public RoomVerticle(Node node) {
    this.node = node;
    this.config = RoomConfig.from(node.config());
  }

  @Override
  public Future<?> start() {
    Bus bus = node.bus();
    RoomEvents events = new BusRoomEvents(bus);
    Clock clock = Clock.systemUTC();
    RoomService rooms = new RoomService(node.stores(), events, config, clock);
    MediaNodes mediaNodes = new MediaNodes(MEDIA_NODE_TTL_MS, System::currentTimeMillis);
    StreamService streams = new StreamService(node.stores(), events, config, clock,
        new RoomMediaPlacement(node.stores(), mediaNodes));
    RoomExtras extras = new RoomExtras(node.stores(), events, config, clock);
    RoomSnapshots snapshots = new RoomSnapshots(node.stores(), config);
    MessageConsumer<Object> expiries = bus.eventBus().consumer(Addresses.PRESENCE_GATEWAY_EXPIRED, message -> {
      if (message.body() instanceof GatewayExpired expired) {
        rooms.evictGateway(expired)
            .onSuccess(n -> LOG.log(System.Logger.Level.INFO, "gateway " + expired.gatewayId() + " expired: evicted "
                + n + " member(s)"))
            .onFailure(e -> LOG.log(System.Logger.Level.WARNING, "evicting the members of expired gateway "
                + expired.gatewayId() + " failed: " + e));
      }
    });
    MessageConsumer<Object> announcements = bus.eventBus().consumer(Addresses.MEDIA_NODE_ANNOUNCED, message -> {
      if (message.body() instanceof MediaNodeAnnounced announced) {
        mediaNodes.announced(announced);
      }
    });
    MessageConsumer<Object> peers = bus.eventBus().consumer(Addresses.MEDIA_PEER_UPDATED, message -> {
      if (message.body() instanceof MediaPeerUpdated update) {
        streams.mediaUpdated(update).onFailure(e -> LOG.log(System.Logger.Level.WARNING, "media update of stream "
            + update.streamId() + " failed: " + e));
      }
    });
    return Future.join(java.util.List.of(expiries.completion(), announcements.completion(), peers.completion(),
        bus.serve(Addresses.ROOM_STREAM_LOCATE, LocateStream.class, streams::locate).completion(),
        bus.serve(Addresses.ROOM_LOGIN, LoginRoom.class, rooms::login).completion(),
        bus.serve(Addresses.ROOM_LOGOUT, LogoutRoom.class, rooms::logout).completion(),
        bus.serve(Addresses.ROOM_MEMBER_KICK, KickUsers.class, rooms::kick).completion(),
        bus.serve(Addresses.ROOM_SESSION_RESUME, ResumeSession.class, rooms::resume).completion(),
        bus.serve(Addresses.ROOM_LIST, ListRooms.class, snapshots::rooms).completion(),
        bus.serve(Addresses.ROOM_MEMBER_LIST, ListUsers.class, snapshots::users).completion(),
        bus.serve(Addresses.ROOM_EXTRA_INFO_SET, SetRoomExtraInfo.class, extras::setExtraInfo).completion(),
        bus.serve(Addresses.ROOM_SIGNAL_RELAY, RelaySignal.class, extras::relay).completion(),
        bus.serve(Addresses.ROOM_STREAM_PUBLISH, PublishStream.class, streams::publish).completion(),
        bus.serve(Addresses.ROOM_STREAM_UNPUBLISH, UnpublishStream.class, streams::unpublish).completion(),
        bus.serve(Addresses.ROOM_STREAM_EXTRA_INFO_SET, SetStreamExtraInfo.class, streams::setExtraInfo)
            .completion()));
  }

  /** Room events go out on the per-room address, commands to the holding gateway's address. */
  private record BusRoomEvents(Bus bus) implements RoomEvents {
    @Override
    public void publish(String roomId, Record event) {
      bus.publish(Addresses.roomEvents(roomId), event);
    }

    @Override
    public void toGateway(String gatewayId, Record command) {
      bus.send(Addresses.gatewaySessionControl(gatewayId), command);
    }

    @Override
    public void stopMedia(String nodeId, String streamId) {
      bus.send(Addresses.mediaStop(nodeId), new MediaStop(null, streamId));
    }
  }
}
