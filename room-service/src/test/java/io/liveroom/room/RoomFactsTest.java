package io.liveroom.room;

import static io.liveroom.room.RoomTests.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.contracts.EventPayload;
import io.liveroom.infra.contracts.GatewayCommand;
import io.liveroom.infra.contracts.GatewayExpired;
import io.liveroom.infra.contracts.KickUsers;
import io.liveroom.infra.contracts.LiveEvent;
import io.liveroom.infra.contracts.LoginRoom;
import io.liveroom.infra.contracts.LogoutRoom;
import io.liveroom.infra.contracts.PublishStream;
import io.liveroom.infra.contracts.RoomEvent;
import io.liveroom.infra.contracts.SetRoomExtraInfo;
import io.liveroom.infra.contracts.SetStreamExtraInfo;
import io.liveroom.infra.contracts.UnpublishStream;
import io.liveroom.infra.store.EventLog;
import io.liveroom.infra.store.MemoryEventLog;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** room-service appends its decisions to the event log, with reasons, where it makes them. */
@ExtendWith(VertxExtension.class)
class RoomFactsTest {
  private final EventLog log = new MemoryEventLog(10_000, 3_600_000, System::currentTimeMillis);
  private final RoomEvents recorded =
      new RoomEvents() {
        @Override
        public void publish(String roomId, RoomEvent event) {}

        @Override
        public void toGateway(String gatewayId, GatewayCommand command) {}

        @Override
        public void stopMedia(String nodeId, String streamId, String peerId) {}

        @Override
        public Future<Void> record(List<LiveEvent> facts) {
          return log.append(facts).mapEmpty();
        }
      };
  private RoomService rooms;
  private StreamService streams;
  private RoomExtras extras;

  @BeforeEach
  void setUp(Vertx vertx) {
    Stores stores = new Stores(vertx, StoreConfig.from(Config.defaults()));
    RoomConfig config = RoomConfig.from(Config.of(Map.of()));
    rooms = new RoomService(stores, recorded, config, Clock.systemUTC());
    streams =
        new StreamService(
            stores, recorded, config, Clock.systemUTC(), roomId -> Future.succeededFuture("m"));
    extras = new RoomExtras(stores, recorded, config, Clock.systemUTC());
  }

  private void login(String user, String session, String gateway) {
    await(rooms.login(new LoginRoom("r", user, "n-" + user, session, gateway, 0, "live")));
  }

  private List<String> lines() {
    return await(log.read(0, 1000, null)).events().stream().map(RoomFactsTest::line).toList();
  }

  private static String line(LiveEvent e) {
    EventPayload p = e.payload();
    if (p instanceof EventPayload.UserJoined j) {
      return "joined " + j.sessionID();
    } else if (p instanceof EventPayload.UserLeft l) {
      return "left " + l.sessionID() + " " + l.reason();
    } else if (p instanceof EventPayload.StreamAdded a) {
      return "added " + a.streamID();
    } else if (p instanceof EventPayload.StreamRemoved r) {
      return "removed " + r.streamID() + " " + r.reason();
    } else if (p instanceof EventPayload.StreamExtraInfo x) {
      return "streamExtra " + x.streamID() + " " + x.extraInfo();
    } else if (p instanceof EventPayload.RoomExtraInfo x) {
      return "roomExtra " + x.key() + "=" + x.value();
    } else if (p instanceof EventPayload.RoomClosed c) {
      return "closed " + c.reason();
    }
    return e.type();
  }

  @Test
  void membershipStreamsAndExtraInfoAreRecordedInDecisionOrderWithReasons() {
    login("a", "s1", "g1");
    login("b", "s2", "g1");
    await(streams.publish(new PublishStream("r", "cam", "a", "n-a", "s1", "g1", "x", false)));
    await(streams.setExtraInfo(new SetStreamExtraInfo("r", "cam", "s1", "y")));
    await(extras.setExtraInfo(new SetRoomExtraInfo("r", "b", "n-b", "s2", "topic", "t")));
    login("a", "s3", "g2"); // duplicate login: s1 goes, with its stream
    await(streams.publish(new PublishStream("r", "cam2", "a", "n-a", "s3", "g2", "", false)));
    await(streams.unpublish(new UnpublishStream("r", "cam2", "s3")));
    await(rooms.kick(new KickUsers("r", List.of("b"), null)));
    login("c", "s4", "g1");
    await(rooms.evictGateway(new GatewayExpired("g1", 0)));
    await(rooms.logout(new LogoutRoom("r", "a", "s3", "heartbeat_timeout")));
    assertEquals(
        List.of(
            "room.created",
            "joined s1",
            "joined s2",
            "added cam",
            "streamExtra cam y",
            "roomExtra topic=t",
            "removed cam duplicate_login",
            "joined s3",
            "left s1 duplicate_login",
            "added cam2",
            "removed cam2 unpublish",
            "left s2 kicked",
            "joined s4",
            "left s4 gateway_lost",
            "left s3 heartbeat_timeout",
            "closed empty"),
        lines());
  }

  @Test
  void aResumeOrASecondLogoutRecordsNothing() {
    login("a", "s1", "g1");
    await(rooms.logout(new LogoutRoom("r", "a", "s1")));
    await(rooms.logout(new LogoutRoom("r", "a", "s1")));
    assertEquals(List.of("room.created", "joined s1", "left s1 logout", "closed empty"), lines());
  }
}
