package io.liveroom.room;

import static io.liveroom.room.RoomTests.await;
import static io.liveroom.room.RoomTests.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.KickSession;
import io.liveroom.infra.contracts.KickUsers;
import io.liveroom.infra.contracts.LoginReply;
import io.liveroom.infra.contracts.LoginRoom;
import io.liveroom.infra.contracts.LogoutRoom;
import io.liveroom.infra.contracts.PublishStream;
import io.liveroom.infra.contracts.ResumeSeat;
import io.liveroom.infra.contracts.ResumeSession;
import io.liveroom.infra.contracts.RoomStreamUpdated;
import io.liveroom.infra.contracts.RoomUserUpdated;
import io.liveroom.infra.contracts.ServiceException;
import io.liveroom.infra.contracts.SetRoomExtraInfo;
import io.liveroom.infra.contracts.SetStreamExtraInfo;
import io.liveroom.infra.contracts.UpdateType;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** room-service's rules as plain classes over the memory stores, without deploying anything. */
@ExtendWith(VertxExtension.class)
class RoomServiceTest {
  private final RecordingRoomEvents recorded = new RecordingRoomEvents();
  private final List<Record> published = recorded.published;
  private final List<Record> commands = recorded.commands;
  private Stores stores;
  private RoomService rooms;
  private StreamService streams;
  private RoomExtras extras;

  @BeforeEach
  void setUp(Vertx vertx) {
    RoomConfig config = RoomConfig.from(Config.of(Map.of("room.largeRoomThreshold", "3")));
    Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    RoomFixture fixture = RoomFixture.create(vertx, recorded, config, clock, "media-1");
    stores = fixture.stores();
    rooms = fixture.rooms();
    streams = fixture.streams();
    extras = new RoomExtras(stores, recorded, config, clock);
  }

  private LoginReply login(String room, String user, String session, int cap) {
    return await(rooms.login(new LoginRoom(room, user, "n-" + user, session, "gw-1", cap, "live")));
  }

  @Test
  void theFirstLoginFixesTheCapAndAnnouncesJoins() {
    login("r", "a", "s-a", 2);
    LoginReply second = login("r", "b", "s-b", 50);
    assertEquals(List.of("a"), second.users().stream().map(u -> u.userId()).toList());
    assertEquals(
        ErrorCode.ROOM_FULL,
        failure(rooms.login(new LoginRoom("r", "c", "c", "s-c", "gw-1", 50, "live"))));
    List<RoomUserUpdated> adds =
        published.stream()
            .filter(RoomUserUpdated.class::isInstance)
            .map(RoomUserUpdated.class::cast)
            .toList();
    assertEquals(2, adds.size());
    assertEquals("s-b", adds.get(1).originSessionId());
    assertEquals(UpdateType.ADD, adds.get(1).updateType());
  }

  @Test
  void aDuplicateLoginKicksTheOlderSessionAndDropsItsStreamsWithoutUserEvents() {
    login("r", "a", "s-old", 0);
    await(streams.publish(new PublishStream("r", "a-cam", "a", "n-a", "s-old", "gw-1", "", false)));
    published.clear();
    login("r", "a", "s-new", 0);
    KickSession kick = assertInstanceOf(KickSession.class, commands.get(0));
    assertEquals("s-old", kick.sessionId());
    assertEquals(ErrorCode.KICKED_DUPLICATE_LOGIN.code(), kick.errorCode());
    assertTrue(
        published.stream().noneMatch(RoomUserUpdated.class::isInstance),
        () -> "flicker: " + published);
    RoomStreamUpdated gone = assertInstanceOf(RoomStreamUpdated.class, published.get(0));
    assertEquals(UpdateType.DELETE, gone.updateType());
    assertNull(await(stores.streams().get("a-cam")));
  }

  @Test
  void leavingRemovesStreamsAndClosesAnEmptyRoom() {
    login("r", "a", "s-a", 0);
    await(streams.publish(new PublishStream("r", "a-cam", "a", "n-a", "s-a", "gw-1", "x", false)));
    assertTrue(await(rooms.logout(new LogoutRoom("r", "a", "s-a"))).removed());
    assertNull(await(stores.rooms().info("r")), "an empty room closes");
    assertNull(await(stores.streams().get("a-cam")));
    assertFalse(
        await(rooms.logout(new LogoutRoom("r", "a", "s-a"))).removed(),
        "a second logout removes nothing");
  }

  @Test
  void largeRoomsDoNotFanOutJoinsOrListMembers() {
    for (int i = 0; i < 5; i++) {
      LoginReply reply = login("big", "u" + i, "s" + i, 0);
      assertEquals(i + 1 > 3, reply.largeRoom());
      assertEquals(i + 1 > 3, reply.users() == null);
    }
    assertEquals(3, published.stream().filter(RoomUserUpdated.class::isInstance).count());
    assertEquals(5, await(stores.membership().count("big")));
  }

  @Test
  void streamIdsAreUniqueAndOnlyMembersPublish() {
    login("r1", "a", "s-a", 0);
    login("r2", "b", "s-b", 0);
    await(streams.publish(new PublishStream("r1", "cam", "a", "n-a", "s-a", "gw-1", "", false)));
    assertEquals(
        ErrorCode.STREAM_ID_TAKEN,
        failure(
            streams.publish(new PublishStream("r2", "cam", "b", "n-b", "s-b", "gw-1", "", false))));
    assertEquals(
        ErrorCode.NOT_LOGGED_IN,
        failure(
            streams.publish(new PublishStream("r1", "x", "b", "n-b", "s-b", "gw-1", "", false))));
    await(streams.publish(new PublishStream("r1", "cam", "a", "n-a", "s-a", "gw-1", "", false)));
  }

  @Test
  void aStreamWithMediaIsAnnouncedOnlyOnceItsMediaFlowsAndGoesWithItsPublisherPeer() {
    login("m", "a", "s-a", 0);
    var ack =
        await(
            streams.publish(new PublishStream("m", "a-live", "a", "n-a", "s-a", "gw-1", "", true)));
    assertEquals("media-1", ack.nodeId());
    assertTrue(
        published.stream().noneMatch(RoomStreamUpdated.class::isInstance),
        "hidden until media flows");
    assertTrue(
        await(rooms.login(new LoginRoom("m", "b", "n-b", "s-b", "gw-1", 0, "live")))
            .streams()
            .isEmpty());
    assertEquals(
        ErrorCode.STREAM_NOT_FOUND,
        failure(streams.locate(new io.liveroom.infra.contracts.LocateStream("a-live"))));

    await(
        streams.mediaUpdated(
            new io.liveroom.infra.contracts.MediaPeerUpdated(
                "other-node", ack.peerId(), "a-live", "PUBLISHER", "CONNECTED", null, 0)));
    assertTrue(
        published.stream().noneMatch(RoomStreamUpdated.class::isInstance),
        "another node's word counts not");
    await(
        streams.mediaUpdated(
            new io.liveroom.infra.contracts.MediaPeerUpdated(
                "media-1", ack.peerId(), "a-live", "PUBLISHER", "CONNECTED", null, 0)));
    RoomStreamUpdated add =
        published.stream()
            .filter(RoomStreamUpdated.class::isInstance)
            .map(RoomStreamUpdated.class::cast)
            .findFirst()
            .orElseThrow();
    assertEquals(UpdateType.ADD, add.updateType());
    assertEquals(
        "media-1",
        await(streams.locate(new io.liveroom.infra.contracts.LocateStream("a-live"))).nodeId());

    published.clear();
    await(
        streams.mediaUpdated(
            new io.liveroom.infra.contracts.MediaPeerUpdated(
                "media-1",
                ack.peerId(),
                "a-live",
                "PUBLISHER",
                "CLOSED",
                "ICE_FAILED",
                ErrorCode.MEDIA_ICE_FAILED.code())));
    assertEquals(
        UpdateType.DELETE,
        assertInstanceOf(RoomStreamUpdated.class, published.get(0)).updateType());
    assertNull(await(stores.streams().get("a-live")));
  }

  @Test
  void kickReportsWhoWasNotThereAndTellsTheGateway() {
    login("r", "a", "s-a", 0);
    var result = await(rooms.kick(new KickUsers("r", List.of("a", "ghost"), "bye")));
    assertEquals(List.of("a"), result.kicked());
    assertEquals(List.of("ghost"), result.notInRoom());
    KickSession kick = assertInstanceOf(KickSession.class, commands.get(0));
    assertEquals(ErrorCode.KICKED_BY_ADMIN.code(), kick.errorCode());
    assertEquals("bye", kick.reason());
  }

  /**
   * Defence in depth: text with an unpaired surrogate that got past a gateway (an older one) is
   * refused here too.
   */
  @Test
  void textThatIsNotValidUnicodeIsRefusedBeforeItIsStored() {
    login("u", "a", "s-a", 0);
    String lone = "x\ud83d\u00e9y";
    List<Runnable> attempts =
        List.of(
            () -> extras.setExtraInfo(new SetRoomExtraInfo("u", "a", "n-a", "s-a", "topic", lone)),
            () -> extras.setExtraInfo(new SetRoomExtraInfo("u", "a", "n-a", "s-a", lone, "v")),
            () ->
                streams.publish(
                    new PublishStream("u", "a-cam", "a", "n-a", "s-a", "gw-1", lone, false)),
            () -> streams.setExtraInfo(new SetStreamExtraInfo("u", "a-cam", "s-a", lone)));
    for (Runnable attempt : attempts) {
      ServiceException e = assertThrows(ServiceException.class, attempt::run);
      assertEquals(ErrorCode.INVALID_FIELD, e.code(), e.getMessage());
      assertTrue(
          e.getMessage().endsWith(": not valid Unicode text (unpaired surrogate)"), e.getMessage());
    }
    assertTrue(await(stores.rooms().extraInfo("u")).isEmpty(), "nothing was stored");
    assertNull(await(stores.streams().get("a-cam")));
  }

  @Test
  void resumeRehomesHeldRoomsAndReportsLostOnes() {
    login("kept", "a", "s-a", 0);
    await(
        streams.publish(new PublishStream("kept", "a-cam", "a", "n-a", "s-a", "gw-1", "", false)));
    login("lost", "a", "s-a", 0);
    login("lost", "a", "s-other", 0); // taken over by another session meanwhile
    var reply =
        await(
            rooms.resume(
                new ResumeSession(
                    "s-a",
                    "gw-2",
                    List.of(new ResumeSeat("kept", "a"), new ResumeSeat("lost", "a")))));
    assertEquals(List.of("kept"), reply.rooms().stream().map(LoginReply::roomId).toList());
    assertEquals(List.of("lost"), reply.lost());
    assertEquals("gw-2", await(stores.membership().member("kept", "a")).gatewayId());
    assertEquals("gw-2", await(stores.streams().get("a-cam")).gatewayId());
  }
}
