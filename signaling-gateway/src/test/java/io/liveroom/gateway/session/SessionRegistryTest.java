package io.liveroom.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.GatewayMetrics;
import io.liveroom.gateway.fanout.RoomFanout;
import io.liveroom.gateway.ws.ConnectionRateLimiter;
import io.liveroom.gateway.ws.FakeConnection;
import io.liveroom.infra.config.Config;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.RecordCodec;
import io.liveroom.infra.contracts.RoomOnlineCountChanged;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry is the only place seats change: a session's seats and the fan-out's room index stay
 * in step through enter, leave, abandon and disconnect. Sessions write to fake connections.
 */
class SessionRegistryTest {
  private Vertx vertx;
  private RoomFanout fanout;
  private SessionRegistry registry;
  private final List<String> left = new ArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    RecordCodec.register(vertx.eventBus());
    fanout =
        new RoomFanout(
            vertx,
            GatewayConfig.from(Config.defaults()),
            new GatewayMetrics(new SimpleMeterRegistry()));
    registry = new SessionRegistry(fanout);
    registry.onLeftRoom((sessionId, roomId) -> left.add(sessionId + "@" + roomId));
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private Session session(String id, FakeConnection connection) {
    Session session =
        new Session(
            new Session.Identity(id, "resume-" + id),
            connection,
            new ConnectionRateLimiter(10, 10, 0),
            null);
    registry.add(session);
    return session;
  }

  private static Session.Seat seat(String userId) {
    return new Session.Seat(userId, userId, false, null, "t", "live");
  }

  /** The fan-out's members of a room, or an empty map. */
  private Map<Session, Session.Seat> indexed(String roomId) {
    return fanout.rooms().getOrDefault(roomId, Map.of());
  }

  @Test
  void enterAndLeaveChangeTheSeatsAndTheFanOutIndexTogether() throws Exception {
    Session alice = session("s-a", new FakeConnection());
    Session bob = session("s-b", new FakeConnection());
    Session.Seat seat = seat("alice");
    registry.enter(alice, "lobby", seat).await(5, TimeUnit.SECONDS);
    registry.enter(bob, "lobby", seat("bob")).await(5, TimeUnit.SECONDS);
    assertSame(seat, alice.rooms().get("lobby"));
    assertSame(seat, indexed("lobby").get(alice));
    assertEquals(1, fanout.localRooms());

    registry.leave(alice, "lobby");
    assertNull(alice.rooms().get("lobby"));
    assertEquals(List.of(bob), List.copyOf(indexed("lobby").keySet()));
    assertEquals(List.of("s-a@lobby"), left);

    registry.leave(bob, "lobby");
    assertEquals(0, fanout.localRooms(), "the room's last local member left");
    assertThrows(
        UnsupportedOperationException.class,
        () -> alice.rooms().put("x", seat),
        "seats change only through the registry");
  }

  @Test
  void aSeatIsTakenOncePerRoom() throws Exception {
    Session alice = session("s-a", new FakeConnection());
    registry.enter(alice, "lobby", seat("alice")).await(5, TimeUnit.SECONDS);
    assertThrows(IllegalStateException.class, () -> registry.enter(alice, "lobby", seat("alice")));
  }

  @Test
  void aDisconnectedSessionLeavesTheFanOutButKeepsItsSeatsForParking() throws Exception {
    Session alice = session("s-a", new FakeConnection());
    registry.enter(alice, "lobby", seat("alice")).await(5, TimeUnit.SECONDS);
    registry.enter(alice, "stage", seat("alice")).await(5, TimeUnit.SECONDS);
    registry.disconnected(alice);
    assertNull(registry.get("s-a"));
    assertEquals(0, registry.size());
    assertEquals(0, fanout.localRooms());
    assertEquals(List.of("lobby", "stage"), List.copyOf(alice.rooms().keySet()));
    assertEquals(List.of(), left, "a dropped connection has not left its rooms");
  }

  @Test
  void anAbandonedSeatGoesUnlessAnotherTookItsPlace() throws Exception {
    Session alice = session("s-a", new FakeConnection());
    Session.Seat first = seat("alice");
    registry.enter(alice, "lobby", first).await(5, TimeUnit.SECONDS);
    registry.abandon(alice, "lobby", first);
    assertTrue(alice.rooms().isEmpty());
    assertEquals(0, fanout.localRooms());

    Session.Seat second = seat("alice");
    registry.enter(alice, "lobby", second).await(5, TimeUnit.SECONDS);
    registry.abandon(alice, "lobby", first);
    assertSame(second, alice.rooms().get("lobby"), "a later seat in the same room stays");
    assertEquals(List.of(), left);
  }

  @Test
  void aRenamedSessionIsFoundUnderItsResumedId() {
    Session fresh = session("s-new", new FakeConnection());
    registry.rename(fresh, "s-old", "token-2");
    assertNull(registry.get("s-new"));
    assertSame(fresh, registry.get("s-old"));
    assertEquals("token-2", fresh.resumeToken());
    assertEquals(1, registry.size());
  }

  @Test
  void roomEventsReachTheConnectionsOfEnteredSessionsOnly() throws Exception {
    FakeConnection inside = new FakeConnection();
    FakeConnection left = new FakeConnection();
    Session a = session("s-a", inside);
    Session b = session("s-b", left);
    Session.Seat seatA = seat("alice");
    Session.Seat seatB = seat("bob");
    registry.enter(a, "lobby", seatA).await(5, TimeUnit.SECONDS);
    registry.enter(b, "lobby", seatB).await(5, TimeUnit.SECONDS);
    a.activate(seatA);
    b.activate(seatB);
    registry.leave(b, "lobby");
    vertx.eventBus().publish(Addresses.roomEvents("lobby"), new RoomOnlineCountChanged("lobby", 7));
    long deadline = System.currentTimeMillis() + 5_000;
    while (inside.pushes("roomOnlineUserCountUpdate").isEmpty()
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(7, inside.pushes("roomOnlineUserCountUpdate").get(0).getInteger("count"));
    assertEquals(List.of(), left.frames(), "a session that left hears nothing of the room");
  }
}
