package io.liveroom.room;

import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.KickSession;
import io.liveroom.infra.contracts.LoginRoom;
import io.liveroom.infra.contracts.LogoutRoom;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;

/** Deploys {@link RoomService} on the event bus. */
public final class RoomVerticle extends VerticleBase {
  private final Node node;
  private final RoomConfig config;

  public RoomVerticle(Node node) {
    this.node = node;
    this.config = RoomConfig.from(node.config());
  }

  @Override
  public Future<?> start() {
    Bus bus = node.bus();
    RoomService rooms = new RoomService(node.stores().membership(), new BusRoomEvents(bus), config, Clock.systemUTC());
    return Future.join(
        bus.serve(Addresses.ROOM_LOGIN, LoginRoom.class, rooms::login).completion(),
        bus.serve(Addresses.ROOM_LOGOUT, LogoutRoom.class, rooms::logout).completion());
  }

  /** Room events go out on the per-room address, kicks to the holding gateway's address. */
  private record BusRoomEvents(Bus bus) implements RoomEvents {
    @Override
    public void publish(String roomId, Record event) {
      bus.publish(Addresses.roomEvents(roomId), event);
    }

    @Override
    public void kick(String gatewayId, KickSession kick) {
      bus.send(Addresses.gatewaySessionControl(gatewayId), kick);
    }
  }
}
