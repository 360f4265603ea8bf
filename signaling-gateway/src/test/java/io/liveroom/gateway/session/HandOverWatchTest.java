package io.liveroom.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.GatewayMetrics;
import io.liveroom.gateway.fanout.RoomFanout;
import io.liveroom.gateway.ws.ConnectionRateLimiter;
import io.liveroom.gateway.ws.FakeConnection;
import io.liveroom.infra.config.Config;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.LogoutReply;
import io.liveroom.infra.contracts.LogoutRoom;
import io.liveroom.infra.contracts.RecordCodec;
import io.liveroom.infra.store.ParkedSession;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A parked session handed over to another gateway: unless it came back here, each of its rooms gets
 * a logout conditional on the membership still being held through this gateway.
 */
class HandOverWatchTest {
  private Vertx vertx;
  private SessionRegistry registry;
  private final Set<String> parkedHere = new HashSet<>();
  private final List<LogoutRoom> logouts = new CopyOnWriteArrayList<>();
  private HandOverWatch watch;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    RecordCodec.register(vertx.eventBus());
    Bus bus = new Bus(vertx.eventBus(), 5_000);
    bus.serve(
            Addresses.ROOM_LOGOUT,
            LogoutRoom.class,
            logout -> {
              logouts.add(logout);
              return Future.succeededFuture(new LogoutReply(logout.roomId(), true));
            })
        .completion()
        .await(10, TimeUnit.SECONDS);
    RoomFanout fanout =
        new RoomFanout(
            vertx,
            GatewayConfig.from(Config.defaults()),
            new GatewayMetrics(new SimpleMeterRegistry()));
    registry = new SessionRegistry(fanout);
    watch = new HandOverWatch(vertx, bus, "gw-2", registry, parkedHere::contains, 0);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static ParkedSession parked(String sessionId, String... rooms) {
    return new ParkedSession(
        sessionId,
        "token",
        "gw-2",
        java.util.Arrays.stream(rooms)
            .map(
                r ->
                    new ParkedSession.Seat(
                        r, "alice", "Alice", false, "t", List.of(), "live", Map.of()))
            .toList(),
        0);
  }

  private void awaitLogouts(int n) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (logouts.size() < n && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(n, logouts.size(), "logouts " + logouts);
  }

  @Test
  void aSessionNotBackHereLeavesEachRoomOnlyWhereItIsStillHeldThroughThisGateway()
      throws Exception {
    watch.check(parked("s1", "r1", "r2"));
    awaitLogouts(2);
    assertEquals(
        Set.of(
            new LogoutRoom("r1", "alice", "s1", "heartbeat_timeout", "gw-2"),
            new LogoutRoom("r2", "alice", "s1", "heartbeat_timeout", "gw-2")),
        Set.copyOf(logouts));
  }

  @Test
  void aSessionBackOnThisGatewayOrParkedHereAgainIsLeftAlone() throws Exception {
    registry.add(
        new Session(
            new Session.Identity("s1", "resume-s1"),
            new FakeConnection(),
            new ConnectionRateLimiter(10, 10, 0),
            null));
    parkedHere.add("s2");
    watch.check(parked("s1", "r1"));
    watch.check(parked("s2", "r1"));
    watch.check(parked("s3", "r1")); // the control: neither here nor parked here
    awaitLogouts(1); // sent last: the bus delivers in order, so any logout of s1 or s2 came first
    assertEquals(
        List.of(new LogoutRoom("r1", "alice", "s3", "heartbeat_timeout", "gw-2")), logouts);
  }
}
