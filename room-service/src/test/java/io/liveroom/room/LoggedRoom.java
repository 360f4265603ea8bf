package io.liveroom.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.EventsConfig;
import io.liveroom.infra.contracts.GatewayCommand;
import io.liveroom.infra.contracts.LiveEvent;
import io.liveroom.infra.contracts.RoomEvent;
import io.liveroom.infra.store.EventLog;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * room-service over memory stores whose decisions go to a real (memory) event log, for the tests of
 * the membership invariant: every user.joined has exactly one later user.left.
 */
final class LoggedRoom implements RoomEvents {
  final RoomFixture fixture;
  final EventLog log;

  LoggedRoom(io.vertx.core.Vertx vertx) {
    RoomFixture f =
        RoomFixture.create(
            vertx, this, RoomConfig.from(Config.defaults()), java.time.Clock.systemUTC(), "m-1");
    this.fixture = f;
    this.log = f.stores().events(EventsConfig.from(Config.defaults()));
  }

  Stores stores() {
    return fixture.stores();
  }

  RoomService rooms() {
    return fixture.rooms();
  }

  @Override
  public Future<Void> record(List<LiveEvent> facts) {
    return log.append(facts).mapEmpty();
  }

  @Override
  public void publish(String roomId, RoomEvent event) {}

  @Override
  public void toGateway(String gatewayId, GatewayCommand command) {}

  @Override
  public void stopMedia(String nodeId, String streamId, String peerId) {}

  /** Every event in the log, in order. */
  List<LiveEvent> events() {
    return RoomTests.await(log.read(0, 10_000, null)).events();
  }

  /** Per session, the membership event types in log order (with user.left reasons). */
  Map<String, List<String>> sessions() {
    Map<String, List<String>> out = new HashMap<>();
    for (LiveEvent e : events()) {
      String session = EventLog.session(e);
      if (session != null) {
        String reason =
            e.payload() instanceof io.liveroom.infra.contracts.EventPayload.UserLeft l
                ? " " + l.reason()
                : "";
        out.computeIfAbsent(session, k -> new ArrayList<>()).add(e.type() + reason);
      }
    }
    return out;
  }

  /** The session's membership events are exactly {@code types}. */
  void assertSession(String session, String... types) {
    assertEquals(List.of(types), sessions().getOrDefault(session, List.of()), "session " + session);
  }
}
