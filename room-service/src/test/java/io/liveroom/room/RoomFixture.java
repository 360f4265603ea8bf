package io.liveroom.room;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * room-service's rules as plain classes over fresh memory stores, with every stream placed on
 * {@code mediaNode}.
 */
record RoomFixture(Stores stores, RoomService rooms, StreamService streams) {
  static RoomFixture create(
      Vertx vertx, RoomEvents events, RoomConfig config, Clock clock, String mediaNode) {
    Stores stores = new Stores(vertx, StoreConfig.from(Config.defaults()));
    return new RoomFixture(
        stores,
        new RoomService(stores, events, config, clock),
        new StreamService(
            stores, events, config, clock, roomId -> Future.succeededFuture(mediaNode)));
  }
}
