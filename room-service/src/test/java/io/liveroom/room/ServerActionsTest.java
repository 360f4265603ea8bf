package io.liveroom.room;

import static io.liveroom.room.RoomTests.await;
import static io.liveroom.room.RoomTests.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.contracts.CloseRoom;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.KickSession;
import io.liveroom.infra.contracts.LoginRoom;
import io.liveroom.infra.contracts.MediaStop;
import io.liveroom.infra.contracts.MuteTrack;
import io.liveroom.infra.contracts.PrivilegesChanged;
import io.liveroom.infra.contracts.PublishStream;
import io.liveroom.infra.contracts.RemoveStream;
import io.liveroom.infra.contracts.RoomClosed;
import io.liveroom.infra.contracts.RoomStreamTrackMuted;
import io.liveroom.infra.contracts.RoomStreamUpdated;
import io.liveroom.infra.contracts.SetUserPrivileges;
import io.liveroom.infra.contracts.StreamStopped;
import io.liveroom.infra.contracts.TrackMuteChanged;
import io.liveroom.infra.contracts.UpdateType;
import io.liveroom.infra.contracts.UserPrivilegesSet;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server API's room-service side over the memory stores: what it removes, announces and tells
 * gateways.
 */
@ExtendWith(VertxExtension.class)
class ServerActionsTest {
  private final RecordingRoomEvents recorded = new RecordingRoomEvents();
  private Stores stores;
  private RoomService rooms;
  private StreamService streams;
  private ServerActions server;

  @BeforeEach
  void setUp(Vertx vertx) {
    stores = new Stores(vertx, StoreConfig.from(Config.defaults()));
    RoomConfig config = RoomConfig.from(Config.defaults());
    rooms = new RoomService(stores, recorded, config, Clock.systemUTC());
    streams =
        new StreamService(
            stores,
            recorded,
            config,
            Clock.systemUTC(),
            roomId -> io.vertx.core.Future.succeededFuture("media-1"));
    server = new ServerActions(stores, recorded, config);
  }

  private void login(String room, String user, String gateway) {
    await(rooms.login(new LoginRoom(room, user, "n-" + user, "s-" + user, gateway, 0, "live")));
  }

  private void publish(String room, String user, String stream) {
    await(
        streams.publish(
            new PublishStream(
                room, stream, user, "n-" + user, "s-" + user, "gw-" + user, "", false)));
  }

  private <T> List<T> commands(Class<T> type) {
    return recorded.commands.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void closingKicksEveryMemberThroughItsGatewayRemovesTheStreamsAndClosesTheRoom() {
    login("r", "a", "gw-a");
    login("r", "b", "gw-b");
    publish("r", "a", "a-cam");
    recorded.commands.clear();
    RoomClosed closed = await(server.close(new CloseRoom("r", "bye")));
    assertEquals(List.of("a", "b"), closed.kicked().stream().sorted().toList());
    assertEquals(1, closed.streams());
    List<KickSession> kicks = commands(KickSession.class);
    assertEquals(2, kicks.size());
    kicks.forEach(
        k -> {
          assertEquals(ErrorCode.KICKED_ROOM_CLOSED.code(), k.errorCode());
          assertEquals("bye", k.reason());
        });
    assertNull(await(stores.rooms().info("r")));
    assertEquals(List.of(), await(stores.streams().inRoom("r")));
    assertEquals(ErrorCode.ROOM_NOT_FOUND, failure(server.close(new CloseRoom("r", null))));
    assertEquals(ErrorCode.ROOM_NOT_FOUND, failure(server.close(new CloseRoom("never", null))));
  }

  @Test
  void stoppingAStreamTellsThePublisherFirstThenAnnouncesTheDelete() {
    login("r", "a", "gw-a");
    publish("r", "a", "a-cam");
    recorded.commands.clear();
    recorded.published.clear();
    await(server.removeStream(new RemoveStream("r", "a-cam", null)));
    StreamStopped stopped = assertInstanceOf(StreamStopped.class, recorded.commands.get(0));
    assertEquals(ErrorCode.STREAM_STOPPED_BY_SERVER.code(), stopped.errorCode());
    assertEquals(ErrorCode.STREAM_STOPPED_BY_SERVER.message(), stopped.reason());
    assertEquals("s-a", stopped.sessionId());
    RoomStreamUpdated delete = assertInstanceOf(RoomStreamUpdated.class, recorded.published.get(0));
    assertEquals(UpdateType.DELETE, delete.updateType());
    assertEquals("s-a", delete.originSessionId(), "not to the publisher, who got NO_PUBLISH");
    assertNull(await(stores.streams().get("a-cam")));
    assertEquals(
        ErrorCode.STREAM_NOT_FOUND,
        failure(server.removeStream(new RemoveStream("r", "a-cam", null))));
    publish("r", "a", "a-cam2");
    assertEquals(
        ErrorCode.STREAM_NOT_FOUND,
        failure(server.removeStream(new RemoveStream("other", "a-cam2", null))));
  }

  @Test
  void aDemotionStopsTheUsersStreamsAndAPromotionOnlyTellsItsGateway() {
    login("r", "a", "gw-a");
    publish("r", "a", "a-cam");
    publish("r", "a", "a-screen");
    recorded.commands.clear();
    UserPrivilegesSet up = await(server.setPrivileges(new SetUserPrivileges("r", "a", true)));
    assertEquals(0, up.streamsStopped());
    assertEquals(List.of(new PrivilegesChanged("s-a", "r", "a", true)), recorded.commands);
    recorded.commands.clear();
    UserPrivilegesSet down = await(server.setPrivileges(new SetUserPrivileges("r", "a", false)));
    assertEquals(2, down.streamsStopped());
    assertEquals(new PrivilegesChanged("s-a", "r", "a", false), recorded.commands.get(0));
    assertEquals(2, commands(StreamStopped.class).size());
    assertTrue(
        commands(StreamStopped.class).stream()
            .allMatch(s -> s.errorCode() == ErrorCode.PUBLISH_PRIVILEGE_REVOKED.code()));
    assertEquals(List.of(), await(stores.streams().inRoom("r")));
    assertEquals(
        ErrorCode.USER_NOT_IN_ROOM,
        failure(server.setPrivileges(new SetUserPrivileges("r", "ghost", true))));
  }

  @Test
  void aMuteGoesToThePublishersGatewayAndToTheRoom() {
    login("r", "a", "gw-a");
    publish("r", "a", "a-cam");
    recorded.commands.clear();
    recorded.published.clear();
    await(server.mute(new MuteTrack("r", "a-cam", "video", true)));
    assertEquals(
        List.of(new TrackMuteChanged("s-a", "r", "a-cam", "video", true)), recorded.commands);
    assertEquals(
        List.of(new RoomStreamTrackMuted("r", "a-cam", "a", "video", true)), recorded.published);
    assertEquals(
        ErrorCode.STREAM_NOT_FOUND,
        failure(server.mute(new MuteTrack("r", "none", "video", true))));
    assertFalse(
        recorded.commands.stream().anyMatch(MediaStop.class::isInstance), "a mute stops no media");
  }
}
