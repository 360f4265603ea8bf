package io.liveroom.presence;

import static io.liveroom.presence.PresenceServiceTest.lease;
import static io.liveroom.presence.PresenceServiceTest.room;
import static io.liveroom.presence.store.LeaseStoreContract.await;
import static io.liveroom.presence.store.LeaseStoreContract.poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.NodeConfig;
import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.GatewayExpired;
import io.liveroom.infra.contracts.LeaseAck;
import io.liveroom.infra.contracts.OnlineQuery;
import io.liveroom.infra.contracts.OnlineSummary;
import io.liveroom.infra.contracts.RecordCodec;
import io.liveroom.infra.contracts.RoomCount;
import io.liveroom.infra.contracts.RoomCountQuery;
import io.liveroom.infra.contracts.RoomOnlineCountChanged;
import io.liveroom.infra.contracts.ServiceException;
import io.liveroom.infra.contracts.UserLocation;
import io.liveroom.infra.contracts.UserPresence;
import io.liveroom.infra.contracts.UserPresenceQuery;
import io.liveroom.infra.health.NodeStatus;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.testing.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The verticle on a real event bus: served addresses, timers, and two instances on one Redis. */
@ExtendWith(VertxExtension.class)
class PresenceVerticleTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final Map<String, String> FAST =
      Map.of(
          "presence.leaseTtlMs",
          "1000",
          "presence.reportIntervalMs",
          "100",
          "presence.pushIntervalMs",
          "50",
          "presence.expiryScanMs",
          "50",
          "presence.viewMaxAgeMs",
          "0");

  private static Node node(Vertx vertx, Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(FAST);
    all.putAll(settings);
    Config config = Config.of(all);
    NodeConfig nodeConfig = NodeConfig.from(config);
    return new Node(
        vertx,
        config,
        nodeConfig,
        new Bus(vertx.eventBus(), 5_000),
        new Stores(vertx, StoreConfig.from(config)),
        new NodeStatus(nodeConfig.id()));
  }

  private static <T> List<T> listen(Vertx vertx, String address, Class<T> type) {
    List<T> out = Collections.synchronizedList(new ArrayList<>());
    await(vertx.eventBus().consumer(address, m -> out.add(type.cast(m.body()))).completion());
    return out;
  }

  @Test
  void servesReportsAndQueriesPushesCountsAndExpiresASilentGateway(Vertx vertx) {
    RecordCodec.register(vertx.eventBus());
    Node node = node(vertx, Map.of());
    await(vertx.deployVerticle(new PresenceVerticle(node)));
    Bus bus = node.bus();
    List<RoomOnlineCountChanged> pushes =
        listen(vertx, Addresses.roomEvents("r1"), RoomOnlineCountChanged.class);
    List<GatewayExpired> expired =
        listen(vertx, Addresses.PRESENCE_GATEWAY_EXPIRED, GatewayExpired.class);

    LeaseAck ack =
        await(
            bus.request(
                Addresses.PRESENCE_LEASE_REPORT,
                lease("gw-1", 0, room("r1", 3, "alice", "bob")),
                LeaseAck.class));
    assertEquals(new LeaseAck("gw-1", false, 1_000, 100), ack);
    assertEquals(
        new RoomCount("r1", 3, 2),
        await(
            bus.request(
                Addresses.PRESENCE_ROOM_COUNT_GET, new RoomCountQuery("r1"), RoomCount.class)));
    assertEquals(
        new OnlineSummary(3, 2, 1, List.of(new RoomCount("r1", 3, 2))),
        await(bus.request(Addresses.PRESENCE_ONLINE_GET, new OnlineQuery(0), OnlineSummary.class)));
    assertEquals(
        new UserPresence("bob", true, List.of(new UserLocation("r1", "gw-1"))),
        await(
            bus.request(
                Addresses.PRESENCE_USER_GET, new UserPresenceQuery("bob"), UserPresence.class)));
    poll("the count push", () -> pushes.contains(new RoomOnlineCountChanged("r1", 2)));

    Future<LeaseAck> bad =
        bus.request(Addresses.PRESENCE_LEASE_REPORT, lease("", 0), LeaseAck.class);
    poll("the refusal", bad::isComplete);
    assertEquals(ErrorCode.INVALID_FIELD, ((ServiceException) bad.cause()).code());

    poll("gw-1's expiry", () -> !expired.isEmpty()); // gw-1 never reports again
    poll("the drop to 0", () -> pushes.contains(new RoomOnlineCountChanged("r1", 0)));
    assertEquals("gw-1", expired.get(0).gatewayId());
    assertEquals(
        List.of(new RoomOnlineCountChanged("r1", 2), new RoomOnlineCountChanged("r1", 0)),
        List.copyOf(pushes));
    assertEquals(
        new RoomCount("r1", 0, 0),
        await(
            bus.request(
                Addresses.PRESENCE_ROOM_COUNT_GET, new RoomCountQuery("r1"), RoomCount.class)));
    assertEquals(1, expired.size());
  }

  @Test
  void twoInstancesOnOneRedisExpireOnceAndPushOnce(Vertx vertx) {
    RecordCodec.register(vertx.eventBus());
    Map<String, String> redis =
        Map.of(
            "store.type",
            "redis",
            "store.redisUrl",
            REDIS.server().url(),
            "store.keyPrefix",
            "verticle-" + UUID.randomUUID() + ":");
    Node one = node(vertx, redis);
    Node two = node(vertx, redis);
    try {
      await(vertx.deployVerticle(new PresenceVerticle(one)));
      String second = await(vertx.deployVerticle(new PresenceVerticle(two)));
      List<List<RoomOnlineCountChanged>> pushes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        pushes.add(listen(vertx, Addresses.roomEvents("r" + i), RoomOnlineCountChanged.class));
      }
      List<GatewayExpired> expired =
          listen(vertx, Addresses.PRESENCE_GATEWAY_EXPIRED, GatewayExpired.class);
      for (int i = 0; i < 4; i++) { // round-robin: both instances store reports
        await(
            one.bus()
                .request(
                    Addresses.PRESENCE_LEASE_REPORT,
                    lease("gw-" + i, 0, room("r" + i, 1, "u" + i)),
                    LeaseAck.class));
      }
      poll("four expiries", () -> expired.size() >= 4);
      poll(
          "every room's drop to 0",
          () ->
              pushes.stream()
                  .allMatch(
                      p ->
                          p.contains(
                              new RoomOnlineCountChanged(
                                  p.isEmpty() ? "" : p.get(0).roomId(), 0))));
      await(vertx.undeploy(second)); // gives up the push leadership if it had it
      await(
          one.bus()
              .request(
                  Addresses.PRESENCE_LEASE_REPORT,
                  lease("gw-9", 60_000, room("r0", 1, "u9")),
                  LeaseAck.class));
      poll("the push of the survivor", () -> pushes.get(0).size() == 3);
      assertEquals(
          List.of("gw-0", "gw-1", "gw-2", "gw-3"),
          expired.stream().map(GatewayExpired::gatewayId).sorted().toList(),
          "each expiry published once");
      for (int i = 0; i < 4; i++) {
        List<Integer> expected = i == 0 ? List.of(1, 0, 1) : List.of(1, 0);
        assertEquals(
            expected,
            pushes.get(i).stream().map(RoomOnlineCountChanged::count).toList(),
            "each change once");
      }
      assertTrue(expired.stream().allMatch(e -> e.expiredAt() > 0));
    } finally {
      one.stores().close();
      two.stores().close();
    }
  }
}
