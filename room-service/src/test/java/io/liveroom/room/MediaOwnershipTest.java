package io.liveroom.room;

import static io.liveroom.room.RoomTests.await;
import static io.liveroom.room.RoomTests.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.contracts.EndMediaSession;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.KickSession;
import io.liveroom.infra.contracts.LoginRoom;
import io.liveroom.infra.contracts.LogoutRoom;
import io.liveroom.infra.contracts.MediaPeerUpdated;
import io.liveroom.infra.contracts.MediaStop;
import io.liveroom.infra.contracts.OpenMediaSession;
import io.liveroom.infra.contracts.PublishStream;
import io.liveroom.infra.contracts.RoomStreamUpdated;
import io.liveroom.infra.contracts.RoomUserUpdated;
import io.liveroom.infra.contracts.StreamAck;
import io.liveroom.infra.contracts.UpdateType;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.store.StreamRecord;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who owns a stream's media, and media-only (WHIP) sessions: only the node's reports about the
 * owning publisher peer change a stream, and a media session of a user never kicks the user's other
 * sessions nor loses their streams.
 */
@ExtendWith(VertxExtension.class)
class MediaOwnershipTest {
  private static final String NODE = "media-1";
  private final RecordingRoomEvents recorded = new RecordingRoomEvents();
  private final List<Record> published = recorded.published;
  private final List<Record> commands = recorded.commands;
  private Stores stores;
  private RoomService rooms;
  private StreamService streams;
  private MediaSessions media;

  @BeforeEach
  void setUp(Vertx vertx) {
    RoomConfig config = RoomConfig.from(Config.defaults());
    RoomFixture fixture = RoomFixture.create(vertx, recorded, config, Clock.systemUTC(), NODE);
    stores = fixture.stores();
    rooms = fixture.rooms();
    streams = fixture.streams();
    media = new MediaSessions(stores, recorded, config, rooms);
  }

  private StreamAck publishLive(String room, String stream, String user, String session) {
    StreamAck ack =
        await(
            streams.publish(
                new PublishStream(room, stream, user, user, session, "gw-1", "", true)));
    assertNotNull(ack.peerId(), "a stream with media gets an owning peer");
    await(streams.mediaUpdated(peer(ack.peerId(), stream, "CONNECTED")));
    assertTrue(await(stores.streams().get(stream)).live());
    return ack;
  }

  private static MediaPeerUpdated peer(String peerId, String stream, String state) {
    return new MediaPeerUpdated(
        NODE, peerId, stream, "PUBLISHER", state, "CLOSED".equals(state) ? "STOPPED" : null, 0);
  }

  private List<RoomStreamUpdated> streamUpdates() {
    return published.stream()
        .filter(RoomStreamUpdated.class::isInstance)
        .map(RoomStreamUpdated.class::cast)
        .toList();
  }

  @Test
  void aStaleCloseOfAnOlderPeerLeavesTheStreamAndTheOwnersCloseRemovesIt() {
    await(rooms.login(new LoginRoom("r", "a", "a", "s-1", "gw-1", 0, "live")));
    StreamAck first = publishLive("r", "cam", "a", "s-1");
    await(streams.unpublish(new io.liveroom.infra.contracts.UnpublishStream("r", "cam", "s-1")));
    StreamAck second = publishLive("r", "cam", "a", "s-1"); // published again: a new peer owns it
    assertNotEquals(first.peerId(), second.peerId());
    published.clear();
    commands.clear();

    await(
        streams.mediaUpdated(
            peer(first.peerId(), "cam", "CLOSED"))); // the old peer's close, arriving late
    StreamRecord kept = await(stores.streams().get("cam"));
    assertNotNull(kept, "a stale CLOSED removed the current stream");
    assertTrue(kept.live());
    assertEquals(second.peerId(), kept.peerId());
    assertTrue(streamUpdates().isEmpty(), () -> "no DELETE for a stale close: " + published);
    assertTrue(commands.isEmpty(), () -> "no media stopped for a stale close: " + commands);
    await(
        streams.mediaUpdated(
            new MediaPeerUpdated(
                "other-node", second.peerId(), "cam", "PUBLISHER", "CLOSED", "STOPPED", 0)));
    assertNotNull(await(stores.streams().get("cam")), "another node's word counts not");

    await(streams.mediaUpdated(peer(second.peerId(), "cam", "CLOSED")));
    assertNull(await(stores.streams().get("cam")), "the owning peer's close removes the stream");
    assertEquals(UpdateType.DELETE, streamUpdates().get(0).updateType());
  }

  @Test
  void aLateConnectOfAnOlderPeerDoesNotAnnounceTheStream() {
    await(rooms.login(new LoginRoom("r", "a", "a", "s-1", "gw-1", 0, "live")));
    StreamAck current =
        await(streams.publish(new PublishStream("r", "cam", "a", "a", "s-1", "gw-1", "", true)));
    await(streams.mediaUpdated(peer("pub-someone-older", "cam", "CONNECTED")));
    assertFalse(
        await(stores.streams().get("cam")).live(), "another peer's CONNECTED made the stream live");
    assertTrue(streamUpdates().isEmpty());
    await(streams.mediaUpdated(peer(current.peerId(), "cam", "CONNECTED")));
    assertEquals(UpdateType.ADD, streamUpdates().get(0).updateType());
  }

  @Test
  void aSecondPublishOfALiveStreamIsRefusedAndTheFirstIsUntouched() {
    await(rooms.login(new LoginRoom("r", "a", "a", "s-1", "gw-1", 0, "live")));
    StreamAck first = publishLive("r", "cam", "a", "s-1");
    published.clear();
    assertEquals(
        ErrorCode.STREAM_ID_TAKEN,
        failure(streams.publish(new PublishStream("r", "cam", "a", "a", "s-1", "gw-1", "", true))),
        "the same session's retry");
    assertEquals(first.peerId(), await(stores.streams().get("cam")).peerId());
    assertTrue(published.isEmpty(), () -> "nothing announced: " + published);
  }

  @Test
  void removedStreamsStopTheirOwnPeerNotTheStreamId() {
    await(rooms.login(new LoginRoom("r", "a", "a", "s-1", "gw-1", 0, "live")));
    StreamAck ack = publishLive("r", "cam", "a", "s-1");
    await(rooms.logout(new LogoutRoom("r", "a", "s-1")));
    assertEquals(List.of(new MediaStop(ack.peerId(), "cam")), commands);
  }

  @Test
  void aMediaSessionOfAUserLoggedInElsewhereKicksNobodyAndKeepsTheOtherStreams() {
    await(rooms.login(new LoginRoom("r", "a", "a", "ws-1", "gw-1", 0, "live")));
    publishLive("r", "a-cam", "a", "ws-1");
    published.clear();
    assertFalse(await(media.open(new OpenMediaSession("r", "a", "a", "whip-1", "gw-2"))).joined());
    publishLive("r", "a-screen", "a", "whip-1");
    assertTrue(
        commands.stream().noneMatch(KickSession.class::isInstance), () -> "kicked: " + commands);
    assertEquals("ws-1", await(stores.membership().member("r", "a")).sessionId());
    assertNotNull(await(stores.streams().get("a-cam")), "the WebSocket session's stream stays");
    assertTrue(
        published.stream().noneMatch(RoomUserUpdated.class::isInstance),
        () -> "no user flicker: " + published);

    assertFalse(
        await(media.end(new EndMediaSession("r", "a", "whip-1"))).removed(),
        "the user is still here");
    assertNull(await(stores.streams().get("a-screen")));
    assertNotNull(await(stores.streams().get("a-cam")));
    assertEquals("ws-1", await(stores.membership().member("r", "a")).sessionId());
  }

  @Test
  void twoMediaSessionsOfOneUserPublishSideBySideAndTheUserLeavesWithTheLast() {
    assertTrue(await(media.open(new OpenMediaSession("r", "a", "a", "whip-cam", "gw-1"))).joined());
    publishLive("r", "a-cam", "a", "whip-cam");
    assertFalse(
        await(media.open(new OpenMediaSession("r", "a", "a", "whip-screen", "gw-1"))).joined());
    publishLive("r", "a-screen", "a", "whip-screen");
    assertNotNull(
        await(stores.streams().get("a-cam")), "the second media session kept the first stream");
    assertTrue(
        commands.stream().noneMatch(KickSession.class::isInstance), () -> "kicked: " + commands);

    assertFalse(await(media.end(new EndMediaSession("r", "a", "whip-cam"))).removed());
    assertNotNull(await(stores.streams().get("a-screen")));
    assertEquals(
        "whip-screen",
        await(stores.membership().member("r", "a")).sessionId(),
        "the membership passes to the media session still publishing");
    assertTrue(await(media.end(new EndMediaSession("r", "a", "whip-screen"))).removed());
    assertNull(await(stores.membership().member("r", "a")));
  }

  @Test
  void aLoginAfterAMediaSessionKicksNothingAndItsStreamStays() {
    await(media.open(new OpenMediaSession("r", "a", "a", "whip-1", "gw-1")));
    publishLive("r", "a-cam", "a", "whip-1");
    await(rooms.login(new LoginRoom("r", "a", "a", "ws-1", "gw-1", 0, "live")));
    assertTrue(
        commands.stream().noneMatch(KickSession.class::isInstance), () -> "kicked: " + commands);
    assertNotNull(await(stores.streams().get("a-cam")));
    await(rooms.logout(new LogoutRoom("r", "a", "ws-1")));
    assertNull(
        await(stores.streams().get("a-cam")),
        "the user left the room: its media sessions' streams go too");
  }

  @Test
  void onlyMediaSessionIdsOpenMediaSessions() {
    assertEquals(
        ErrorCode.INVALID_FIELD,
        failure(media.open(new OpenMediaSession("r", "a", "a", "ws-1", "gw-1"))));
  }
}
