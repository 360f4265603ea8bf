package io.liveroom.room;

import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.config.EventsConfig;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.CloseRoom;
import io.liveroom.infra.contracts.EndMediaSession;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.contracts.GatewayCommand;
import io.liveroom.infra.contracts.GatewayExpired;
import io.liveroom.infra.contracts.GatewayPing;
import io.liveroom.infra.contracts.KickUsers;
import io.liveroom.infra.contracts.ListRooms;
import io.liveroom.infra.contracts.ListUsers;
import io.liveroom.infra.contracts.LiveEvent;
import io.liveroom.infra.contracts.LocateStream;
import io.liveroom.infra.contracts.LoginRoom;
import io.liveroom.infra.contracts.LogoutRoom;
import io.liveroom.infra.contracts.MediaNodesQuery;
import io.liveroom.infra.contracts.MediaPeerUpdated;
import io.liveroom.infra.contracts.MediaRelayAttached;
import io.liveroom.infra.contracts.MediaStats;
import io.liveroom.infra.contracts.MediaStop;
import io.liveroom.infra.contracts.MuteTrack;
import io.liveroom.infra.contracts.OpenMediaSession;
import io.liveroom.infra.contracts.PlacePlayer;
import io.liveroom.infra.contracts.PublishStream;
import io.liveroom.infra.contracts.RelaySignal;
import io.liveroom.infra.contracts.RemoveStream;
import io.liveroom.infra.contracts.RestoreGateway;
import io.liveroom.infra.contracts.ResumeSession;
import io.liveroom.infra.contracts.RoomCascadeQuery;
import io.liveroom.infra.contracts.RoomDetailQuery;
import io.liveroom.infra.contracts.RoomEvent;
import io.liveroom.infra.contracts.SetRoomExtraInfo;
import io.liveroom.infra.contracts.SetStreamExtraInfo;
import io.liveroom.infra.contracts.SetUserPrivileges;
import io.liveroom.infra.contracts.UnpublishStream;
import io.liveroom.infra.store.EventLog;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.util.List;
import java.util.Random;

/**
 * Deploys room-service (rooms, members, streams, extra info, relay) on the event bus, and evicts
 * the members of every gateway presence-service declares dead ({@code presence.gateway.expired}).
 */
public final class RoomVerticle extends VerticleBase {
  private static final System.Logger LOG = System.getLogger(RoomVerticle.class.getName());

  /**
   * How long a gateway whose lease lapsed has to prove it is alive before its members are evicted.
   */
  static final long GATEWAY_PROBE_TIMEOUT_MS = 2_000;

  /** An edge's attach waits for the origin's answer (two bus hops and two worker tasks). */
  static final long RELAY_ATTACH_TIMEOUT_MS = 5_000;

  /** The admin API's players per node: a live node answers in milliseconds. */
  static final long CASCADE_STATS_TIMEOUT_MS = 1_000;

  private final Node node;
  private final RoomConfig config;
  private long placementTimer = -1;

  public RoomVerticle(Node node) {
    this.node = node;
    this.config = RoomConfig.from(node.config());
  }

  @Override
  public Future<?> start() {
    Bus bus = node.bus();
    RoomEvents events =
        new BusRoomEvents(bus, node.stores().events(EventsConfig.from(node.config())));
    Clock clock = Clock.systemUTC();
    RoomService rooms = new RoomService(node.stores(), events, config, clock);
    StorePlacement placement =
        new StorePlacement(
            node.stores(),
            new PlacementPolicy(config.placement().policy(), new Random()),
            config.placement().leaseMs());
    RoomMeters meters = new RoomMeters(node.metrics().registry());
    MediaFailover failover =
        new MediaFailover(
            node.stores(),
            placement,
            events,
            moved -> {
              meters.moved(moved);
              bus.publish(Addresses.ROOM_MEDIA_MOVED, moved);
            },
            config.placement().leaseMs());
    Restoration restoration = new Restoration(node.stores(), events, config, clock);
    MessageConsumer<Object> resets =
        bus.eventBus()
            .localConsumer(
                Addresses.STORE_RESET, message -> failover.storeReset(System.currentTimeMillis()));
    placement.failover(failover);
    placementTimer =
        vertx.setPeriodic(
            config.placement().checkMs(),
            t ->
                failover
                    .check()
                    .onFailure(e -> Failures.logBackground(e, "media placement check")));
    MediaAdmin mediaAdmin = new MediaAdmin(node.stores());
    PlayerPlacement players =
        new PlayerPlacement(
            node.stores(),
            (edge, attach) ->
                bus.request(
                    Addresses.mediaRelayAttach(edge),
                    attach,
                    MediaRelayAttached.class,
                    RELAY_ATTACH_TIMEOUT_MS),
            config.placement().leaseMs());
    CascadeAdmin cascade =
        new CascadeAdmin(
            node.stores(),
            nodeId ->
                bus.request(
                    Addresses.mediaStats(nodeId),
                    CascadeAdmin.allStreams(),
                    MediaStats.class,
                    CASCADE_STATS_TIMEOUT_MS));
    StreamService streams = new StreamService(node.stores(), events, config, clock, placement);
    MediaSessions mediaSessions = new MediaSessions(node.stores(), events, config, rooms);
    RoomExtras extras = new RoomExtras(node.stores(), events, config, clock);
    RoomSnapshots snapshots = new RoomSnapshots(node.stores(), config);
    ServerActions server = new ServerActions(node.stores(), events, config);
    MessageConsumer<Object> expiries =
        bus.eventBus()
            .consumer(
                Addresses.PRESENCE_GATEWAY_EXPIRED,
                message -> {
                  if (message.body() instanceof GatewayExpired expired) {
                    // a gateway that still answers was only slow (its event loop saturated), not
                    // dead: its next
                    // report renews its lease, and evicting its members would be a false, mass
                    // DELETE
                    bus.request(
                            Addresses.gatewaySessionControl(expired.gatewayId()),
                            new GatewayPing(expired.gatewayId()),
                            GatewayPing.class,
                            GATEWAY_PROBE_TIMEOUT_MS)
                        .transform(
                            probe ->
                                probe.succeeded()
                                    ? Future.succeededFuture(-1)
                                    : rooms.evictGateway(expired))
                        .andThen(ar -> meters.evicted(ar.succeeded() ? ar.result() : 0))
                        .onSuccess(
                            n ->
                                LOG.log(
                                    System.Logger.Level.INFO,
                                    n < 0
                                        ? "gateway "
                                            + expired.gatewayId()
                                            + " missed its presence lease but answers: nobody evicted"
                                        : "gateway "
                                            + expired.gatewayId()
                                            + " expired: evicted "
                                            + n
                                            + " member(s)"))
                        .onFailure(
                            e ->
                                Failures.logBackground(
                                    e,
                                    "evicting the members of expired gateway "
                                        + expired.gatewayId()));
                  }
                });
    MessageConsumer<Object> peers =
        bus.eventBus()
            .consumer(
                Addresses.MEDIA_PEER_UPDATED,
                message -> {
                  if (message.body() instanceof MediaPeerUpdated update) {
                    streams
                        .mediaUpdated(update)
                        .onFailure(
                            e ->
                                Failures.logBackground(
                                    e, "media update of stream " + update.streamId()));
                  }
                });
    return Future.join(
        List.of(
            expiries.completion(),
            peers.completion(),
            resets.completion(),
            bus.serve(Addresses.ROOM_GATEWAY_RESTORE, RestoreGateway.class, restoration::restore)
                .completion(),
            bus.serve(Addresses.ROOM_MEDIA_NODES, MediaNodesQuery.class, mediaAdmin::nodes)
                .completion(),
            bus.serve(Addresses.ROOM_DETAIL, RoomDetailQuery.class, mediaAdmin::room).completion(),
            bus.serve(Addresses.ROOM_STREAM_LOCATE, LocateStream.class, streams::locate)
                .completion(),
            bus.serve(Addresses.ROOM_PLAYER_PLACE, PlacePlayer.class, players::place).completion(),
            bus.serve(Addresses.ROOM_CASCADE, RoomCascadeQuery.class, cascade::room).completion(),
            bus.serve(Addresses.ROOM_LOGIN, LoginRoom.class, rooms::login).completion(),
            bus.serve(Addresses.ROOM_LOGOUT, LogoutRoom.class, rooms::logout).completion(),
            bus.serve(Addresses.ROOM_MEMBER_KICK, KickUsers.class, rooms::kick).completion(),
            bus.serve(Addresses.ROOM_SESSION_RESUME, ResumeSession.class, rooms::resume)
                .completion(),
            bus.serve(Addresses.ROOM_LIST, ListRooms.class, snapshots::rooms).completion(),
            bus.serve(Addresses.ROOM_MEMBER_LIST, ListUsers.class, snapshots::users).completion(),
            bus.serve(Addresses.ROOM_EXTRA_INFO_SET, SetRoomExtraInfo.class, extras::setExtraInfo)
                .completion(),
            bus.serve(Addresses.ROOM_SIGNAL_RELAY, RelaySignal.class, extras::relay).completion(),
            bus.serve(Addresses.ROOM_STREAM_PUBLISH, PublishStream.class, streams::publish)
                .completion(),
            bus.serve(Addresses.ROOM_STREAM_UNPUBLISH, UnpublishStream.class, streams::unpublish)
                .completion(),
            bus.serve(
                    Addresses.ROOM_MEDIA_SESSION_OPEN, OpenMediaSession.class, mediaSessions::open)
                .completion(),
            bus.serve(Addresses.ROOM_MEDIA_SESSION_END, EndMediaSession.class, mediaSessions::end)
                .completion(),
            bus.serve(
                    Addresses.ROOM_STREAM_EXTRA_INFO_SET,
                    SetStreamExtraInfo.class,
                    streams::setExtraInfo)
                .completion(),
            bus.serve(Addresses.ROOM_CLOSE, CloseRoom.class, server::close).completion(),
            bus.serve(Addresses.ROOM_STREAM_REMOVE, RemoveStream.class, server::removeStream)
                .completion(),
            bus.serve(
                    Addresses.ROOM_MEMBER_PRIVILEGES_SET,
                    SetUserPrivileges.class,
                    server::setPrivileges)
                .completion(),
            bus.serve(Addresses.ROOM_STREAM_TRACK_MUTE, MuteTrack.class, server::mute)
                .completion()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(placementTimer);
    return Future.succeededFuture();
  }

  /** Room events go out on the per-room address, commands to the holding gateway's address. */
  private record BusRoomEvents(Bus bus, EventLog log) implements RoomEvents {
    @Override
    public Future<Void> record(List<LiveEvent> facts) {
      return log.append(facts)
          .<Void>mapEmpty()
          .recover(
              e -> {
                Failures.logBackground(
                    e, "appending " + facts.size() + " event(s) to the event log");
                return Future.succeededFuture();
              });
    }

    @Override
    public void publish(String roomId, RoomEvent event) {
      bus.publish(Addresses.roomEvents(roomId), event);
    }

    @Override
    public void toGateway(String gatewayId, GatewayCommand command) {
      bus.send(Addresses.gatewaySessionControl(gatewayId), command);
    }

    @Override
    public void stopMedia(String nodeId, String streamId, String peerId) {
      bus.send(
          Addresses.mediaStop(nodeId),
          peerId != null ? new MediaStop(peerId, null) : new MediaStop(null, streamId));
    }
  }
}
