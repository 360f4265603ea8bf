package io.liveroom.gateway.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.GatewayMetrics;
import io.liveroom.gateway.session.Session;
import io.liveroom.gateway.session.SessionRegistry;
import io.liveroom.gateway.ws.ConnectionRateLimiter;
import io.liveroom.gateway.ws.FakeConnection;
import io.liveroom.infra.config.Config;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.RecordCodec;
import io.liveroom.infra.contracts.RoomOnlineCountChanged;
import io.liveroom.infra.contracts.RoomStreamUpdated;
import io.liveroom.infra.contracts.RoomUser;
import io.liveroom.infra.contracts.RoomUserUpdated;
import io.liveroom.infra.contracts.StreamInfo;
import io.liveroom.infra.contracts.UpdateType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Room events published on the bus reach the fake connections of the room's members as pushes. */
class RoomFanoutTest {
  private Vertx vertx;
  private SessionRegistry registry;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    RecordCodec.register(vertx.eventBus());
    GatewayConfig config =
        GatewayConfig.from(Config.of(Map.of("gateway.userUpdateBatchMs", "5000")));
    registry =
        new SessionRegistry(
            new RoomFanout(vertx, config, new GatewayMetrics(new SimpleMeterRegistry())));
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** A session of this gateway in {@code lobby}, its login reply out. */
  private FakeConnection member(String sessionId) throws Exception {
    FakeConnection connection = new FakeConnection();
    Session session =
        new Session(
            new Session.Identity(sessionId, "r"),
            connection,
            new ConnectionRateLimiter(10, 10, 0),
            null);
    registry.add(session);
    Session.Seat seat = new Session.Seat("u-" + sessionId, sessionId, true, null, "t", "live");
    registry.enter(session, "lobby", seat).await(5, TimeUnit.SECONDS);
    session.activate(seat);
    return connection;
  }

  private void publish(Object event) {
    vertx.eventBus().publish(Addresses.roomEvents("lobby"), event);
  }

  private static void await(BooleanSupplier done) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    while (!done.getAsBoolean() && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
  }

  private static List<String> events(FakeConnection connection) {
    return connection.frames().stream().map(f -> f.getString("event")).toList();
  }

  @Test
  void aSignalingEventSkipsTheSessionThatCausedIt() throws Exception {
    FakeConnection alice = member("s-a");
    FakeConnection bob = member("s-b");
    publish(
        new RoomStreamUpdated(
            "lobby", UpdateType.ADD, List.of(new StreamInfo("cam", "u-s-a", "a", "")), "s-a"));
    publish(new RoomOnlineCountChanged("lobby", 2));
    await(() -> events(alice).contains("roomOnlineUserCountUpdate"));
    assertEquals(List.of("roomStreamUpdate", "roomOnlineUserCountUpdate"), events(bob));
    assertEquals(List.of("roomOnlineUserCountUpdate"), events(alice));
    JsonObject streams = bob.pushes("roomStreamUpdate").get(0);
    assertEquals("cam", streams.getJsonArray("streamList").getJsonObject(0).getString("streamID"));
  }

  @Test
  void queuedJoinsGoOutBeforeTheNextEventOfTheRoom() throws Exception {
    FakeConnection watcher = member("s-w");
    publish(
        new RoomUserUpdated(
            "lobby", UpdateType.ADD, List.of(new RoomUser("carol", "Carol")), "s-c"));
    publish(new RoomOnlineCountChanged("lobby", 3)); // the batch window is 5 s: this flushes it
    await(() -> events(watcher).contains("roomOnlineUserCountUpdate"));
    assertEquals(List.of("roomUserUpdate", "roomOnlineUserCountUpdate"), events(watcher));
  }

  @Test
  void somethingThatIsNotARoomEventIsSkippedAndTheRoomGoesOn() throws Exception {
    FakeConnection watcher = member("s-w");
    publish("not an event");
    publish(new RoomOnlineCountChanged("lobby", 1));
    await(() -> events(watcher).contains("roomOnlineUserCountUpdate"));
    assertEquals(List.of("roomOnlineUserCountUpdate"), events(watcher));
  }
}
