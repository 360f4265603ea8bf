package io.liveroom.infra.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(VertxExtension.class)
class RecordCodecTest {
  private static final String ADDRESS = "test.codec.login";
  private final RecordCodec codec = new RecordCodec();

  /**
   * One or more instances of every contract record; {@link #everyContractRecordHasASample} keeps it
   * complete.
   */
  static List<Record> samples() {
    RoomUser alice = new RoomUser("u-1", "Alice");
    RoomUser zoe = new RoomUser("u-2", "Zoë 🎤 \"quoted\", comma");
    ChatData data = new ChatData(42, zoe, 1_700_000_000_123L, "hi 🌍 {\"x\":1}");
    RoomPresence r1 = new RoomPresence("room-1", 3, List.of("u-1", "Zoë 🎤"));
    StreamInfo stream = new StreamInfo("s-1", "u-1", "Alice", "{\"camera\":true}");
    io.liveroom.infra.store.RoomExtraInfo extra =
        new io.liveroom.infra.store.RoomExtraInfo("topic", "music", "u-1", "Alice", 1700000000000L);
    return List.of(
        new CloseRoom("room-1", "maintenance 🛠"),
        new RoomClosed("room-1", List.of("u-1", "Zoë 🎤"), 2),
        new RemoveStream("room-1", "s-1", null),
        new StreamStopped("sess-1", "room-1", "s-1", 1003010, "by the server"),
        new SetUserPrivileges("room-1", "u-1", true),
        new UserPrivilegesSet("room-1", "u-1", false, 1),
        new PrivilegesChanged("sess-1", "room-1", "u-1", true),
        new MuteTrack("room-1", "s-1", "video", true),
        new TrackMuted("room-1", "s-1", "u-1", "audio", false),
        new TrackMuteChanged("sess-1", "room-1", "s-1", "video", true),
        new RoomStreamTrackMuted("room-1", "s-1", "u-1", "video", true),
        new LoginRoom("room-1", "u-1", "Alice", "sess-1", "gw-a", 50, "live"),
        new LoginRoom("room-1", "u-1", null, "sess-1", "gw-a", 0, "p2p"),
        new LoginReply(
            "room-1", "live", false, List.of(alice, zoe), List.of(stream), List.of(extra)),
        new LoginReply("room-1", "live", true, null, List.of(), List.of()),
        stream,
        new RoomStreamUpdated("room-1", UpdateType.ADD, List.of(stream), "sess-1"),
        new RoomStreamExtraInfoUpdated("room-1", List.of(stream), "sess-1"),
        new RoomExtraInfoUpdated("room-1", extra, "sess-1"),
        new PublishStream("room-1", "s-1", "u-1", "Alice", "sess-1", "gw-a", "{}", true),
        new UnpublishStream("room-1", "s-1", "sess-1"),
        new SetStreamExtraInfo("room-1", "s-1", "sess-1", "x"),
        new StreamAck("room-1", "s-1", "media-1"),
        new StreamAck("room-1", "s-2", null),
        new StreamAck("room-1", "s-1", "media-1", "pub-1"),
        new OpenMediaSession("room-1", "u-1", "Alice", "whip-1", "gw-a"),
        new MediaSessionOpened("room-1", true),
        new EndMediaSession("room-1", "u-1", "whip-1"),
        new RoomMediaMoved("room-1", "media-1", "media-2", ErrorCode.MEDIA_NODE_LOST.code()),
        new RoomMediaMoved("room-1", "media-1", null, ErrorCode.MEDIA_NODE_DRAINED.code()),
        new MediaNodesQuery(),
        new MediaNodeStatus(
            new io.liveroom.infra.store.MediaNodeRecord(
                "media-2", List.of(), 1, 1, 1_000_000L, 0, 0, 0, 0, -1, false, 1L),
            List.of()),
        new MediaNodeList(
            List.of(
                new MediaNodeStatus(
                    new io.liveroom.infra.store.MediaNodeRecord(
                        "media-1",
                        List.of("10.0.0.5:10000"),
                        500,
                        5000,
                        1_000_000_000L,
                        3,
                        12,
                        6_000_000L,
                        24_000_000L,
                        0.31,
                        true,
                        1_700_000_000_000L),
                    List.of("room-1", "room-2")))),
        new RoomDetailQuery("room-1"),
        new MediaTap("eg-1", "s-1", "127.0.0.1", 40000, 40002, 8000),
        new MediaTapInfo("media-1", "eg-1", "VP8", 96, 90000, null, "opus", 111, 48000, 2),
        new MediaUntap("eg-1"),
        new EgressStart("eg-1", "rtmp", "s-1", "room-1", "media-1", "rtmp://cdn.example/live/kéy"),
        new EgressMixStart(
            "eg-2",
            "task-1",
            "room-1",
            List.of(
                new EgressMixInput("s-1", "media-1", 0, 0, 360, 320, "VIDEO"),
                new EgressMixInput("s-2", "media-1", 0, 320, 360, 640, "AUDIO")),
            640,
            360,
            15,
            600,
            48,
            List.of("rtmp://cdn.example/live/mix")),
        new EgressMixInput("s-3", "media-2", 10, 20, 110, 220, "VIDEO_ONLY"),
        new EgressStop("eg-1"),
        new EgressJobInfo(
            new io.liveroom.infra.store.EgressJobRecord(
                "eg-1",
                "record",
                "s-1",
                "room-1",
                "egress-1",
                "media-1",
                "RUNNING",
                "/out/s-1.webm",
                "/out/s-1.json",
                "VP8/opus",
                null,
                1L,
                0L,
                2L,
                0)),
        new RoomDetail(
            "room-1", true, "live", 100, 7, List.of("s-1"), "media-1", 1_700_000_000_000L, 1),
        new RoomDetail("room-2", false, null, 0, 0, List.of(), null, 0, 0),
        new LocateStream("s-1"),
        new StreamLocation("s-1", "room-1", "media-1"),
        new PlacePlayer("s-1", List.of("media-2")),
        new RoomCascadeQuery("room-1"),
        new RoomCascade(
            "room-1",
            "media-1",
            List.of(
                new RoomCascade.Node("media-1", "origin", 3),
                new RoomCascade.Node("media-2", "edge", 2))),
        new MediaRelayAttach("s-1", "room-1", "media-1"),
        new MediaRelayAttached("media-2", "s-1", "media-1", true),
        new MediaRelayOpen("s-1", "media-2", "link-1", "127.0.0.1", 40000, 7, "a2V5cw=="),
        new MediaRelayOpened("media-1", "s-1", "127.0.0.1", 40001, 9, "v=0"),
        new SetRoomExtraInfo("room-1", "u-1", "Alice", "sess-1", "topic", "music"),
        new RoomExtraInfoSet("room-1", "topic", 1700000000000L),
        new KickUsers("room-1", List.of("u-1", "u-2"), "spam"),
        new KickResult("room-1", List.of("u-1"), List.of("u-2")),
        new ListRooms(0, 50),
        new RoomSummary("room-1", "live", 3, 100, 1700000000000L),
        new RoomPage(1, 0, List.of(new RoomSummary("room-1", "p2p", 2, 2, 1L))),
        new ListUsers("room-1", 10, 20),
        new UserPage("room-1", 2, 0, List.of(alice, zoe)),
        new RelaySignal("room-1", "u-1", "sess-1", null, "offer", "{\"sdp\":\"v=0\"}"),
        new RelayResult("room-1", List.of("u-2")),
        new SignalDelivered("sess-2", "room-1", "u-1", "candidate", "{}"),
        new ResumeSession("sess-1", "gw-b", List.of(new ResumeSeat("room-1", "u-1"))),
        new ResumeSeat("room-2", "u-1"),
        new SessionTakenOver("sess-1", "gw-b"),
        new GatewayPing("gw-a"),
        new ResumeReply(
            List.of(new LoginReply("room-1", "live", false, List.of(zoe), List.of(), List.of())),
            List.of("room-2")),
        new LogoutRoom("room-1", "u-1", "sess-1"),
        new LogoutReply("room-1", true),
        new LogoutReply("room-2", false),
        new RoomUserUpdated("room-1", UpdateType.ADD, List.of(alice), "sess-1"),
        new RoomUserUpdated("room-1", UpdateType.DELETE, List.of(alice, zoe), null),
        new KickSession(
            "sess-1",
            "room-1",
            "u-1",
            ErrorCode.KICKED_DUPLICATE_LOGIN.code(),
            "logged in elsewhere"),
        alice,
        zoe,
        // chat-service
        data,
        new ChatData(1, new RoomUser("u-1", null), 0, "x"),
        new SendBroadcast("room-1", "u-1", "Alice", "sess-1", "hello"),
        SendBroadcast.fromServer("room-1", "system", "System", "notice"),
        new BroadcastSent("room-1", 42, 1_700_000_000_123L),
        new BroadcastReceived("room-1", List.of(data)),
        new SendBarrage("room-1", "u-1", "Alice", "sess-1", "666"),
        SendBarrage.fromServer("room-1", "system", null, "notice"),
        new BarrageSent("room-1", 7, 1_700_000_000_123L),
        new BarrageReceived("room-1", List.of(data, data)),
        new SendCustomCommand(
            "room-1", "u-1", "Alice", "sess-1", "{\"op\":1}", List.of("u-2", "u-3")),
        new CustomCommandSent("room-1", List.of("u-3")),
        new CustomCommandDelivered("sess-2", "room-1", zoe, "{\"op\":1}"),
        new GetMessages("room-1", "u-1", "sess-1", 41, 50),
        new GetMessages("room-1", null, null, 0, 0),
        new MessagesPage("room-1", List.of(data), 42, 1, 1),
        // store loss and restore
        new StoreReset(1_700_000_000_123L),
        new LiveEvent(
            1_796_000_000_000_001L,
            "id-1",
            1_796_000_000_000L,
            EventPayload.USER_LEFT,
            "room-1",
            new EventPayload.UserLeft("u-1", "n", "sess-1", "kicked")),
        new LogoutRoom("room-1", "u-1", "sess-1", "heartbeat_timeout"),
        new RestoreGateway(
            "gw-1",
            List.of(
                new RestoreGateway.Seat(
                    "room-1",
                    "u-1",
                    "Zoë 🎤",
                    "sess-1",
                    "live",
                    List.of(
                        new RestoreGateway.Stream("cam-1", "{\"mic\":true}", "media-1", "peer-1"),
                        new RestoreGateway.Stream("screen-1", "", null, null)))),
            List.of(new RestoreGateway.Seat("room-2", "u-2", "Bob", "sess-2", null, List.of())),
            List.of(
                new RestoreGateway.Extra(
                    "room-1",
                    new io.liveroom.infra.store.RoomExtraInfo(
                        "topic", "Zoë's 🎤", "u-1", "Zoë", 1_700_000_000_123L)))),
        new RestoreReport(
            3,
            List.of(new RestoreGateway.Seat("room-1", "u-3", "Carol", "sess-3", "p2p", List.of())),
            2),
        // media-node
        new MediaPublish("cam-1", "v=0\r\n"),
        new MediaPublish("cam-1", "v=0\r\n", "pub-1"),
        new MediaPlay("cam-1", "v=0\r\n"),
        new MediaRestartIce("peer-1", "v=0\r\n"),
        new MediaAudioLevels(
            "media-1",
            List.of(
                new MediaAudioLevels.Level("cam-1", 67), new MediaAudioLevels.Level("cam-2", 0))),
        new MediaAnswer("media-1", "peer-1", "cam-1", "v=0\r\n"),
        new MediaStop("peer-1", null),
        new MediaStop(null, "cam-1"),
        new MediaStopped(true),
        new MediaStatsQuery(null),
        new MediaStats(
            "media-1",
            List.of(
                new MediaStreamStats(
                    "cam-1", "peer-1", true, 2, 100, 120_000, 1_000_000, 3, 0.01, 200, 240_000, 0.0,
                    2_500_000, 4, 1))),
        new MediaStreamStats("cam-2", null, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        new MediaPeerUpdated("media-1", "peer-1", "cam-1", "PUBLISHER", "CONNECTED", null, 0),
        new MediaPeerUpdated(
            "media-1", "peer-2", "cam-1", "PLAYER", "CLOSED", "ICE_FAILED", 1006010),
        // presence-service
        new GatewayLease("gw-a", 10_000, List.of(r1, new RoomPresence("room-2", 1, List.of()))),
        new GatewayLease("gw-a", 0, List.of()),
        r1,
        new LeaseAck("gw-a", true, 10_000, 2_500),
        new GatewayExpired("gw-a", 1_700_000_000_000L),
        new RoomOnlineCountChanged("room-1", 0),
        new RoomCountQuery("room-1"),
        new RoomCount("room-1", 3, 2),
        new OnlineQuery(10),
        new OnlineSummary(3, 2, 1, List.of(new RoomCount("room-1", 3, 2))),
        new UserPresenceQuery("u-1"),
        new UserPresence("u-1", true, List.of(new UserLocation("room-1", "gw-a"))),
        new UserPresence("u-2", false, List.of()),
        new UserLocation("room-1", "gw-a"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void roundTripsOverTheWire(Record value) {
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, value);
    assertEquals(value, codec.decodeFromWire(0, buffer));

    Buffer shifted = Buffer.buffer().appendString("header-bytes").appendInt(42);
    int start = shifted.length();
    codec.encodeToWire(shifted, value);
    shifted.appendString("trailing-bytes");
    Object decoded = codec.decodeFromWire(start, shifted);
    assertEquals(value, decoded);
    assertSame(value.getClass(), decoded.getClass());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void localDeliverySharesTheInstance(Record value) {
    assertSame(value, codec.transform(value));
    assertTrue(RecordCodec.isContract(value));
  }

  @Test
  void everyContractRecordHasASample() throws Exception {
    Set<Class<?>> sampled = samples().stream().map(Object::getClass).collect(Collectors.toSet());
    Set<Class<?>> records = contractRecords();
    assertTrue(records.contains(LoginRoom.class), "scan found " + records);
    assertEquals(records, sampled, "add a sample for each new contract record");
  }

  /**
   * A lone surrogate that reached a record (from a store written by an older node, say) must
   * neither fail the message nor put invalid UTF-8 on the wire: Jackson writes it as a JSON escape,
   * so the wire is strict UTF-8 and the value arrives as it was sent (the gateway repairs it on
   * output).
   */
  @Test
  void unpairedSurrogatesCrossTheWireAsValidUtf8() {
    String lone = "x\ud83d\u00e9y\udc00";
    List<Record> values =
        List.of(
            new RoomUser("u-1", lone),
            new ChatData(1, new RoomUser("u-1", lone), 2, lone),
            new SetStreamExtraInfo("room-1", "s-1", "sess-1", lone + "\ud800"));
    for (Record value : values) {
      Buffer buffer = Buffer.buffer();
      codec.encodeToWire(buffer, value);
      assertTrue(
          io.liveroom.infra.text.Unicode.decodeStrict(buffer.getBytes()) != null,
          "strict UTF-8 on the wire");
      assertEquals(value, codec.decodeFromWire(0, buffer));
    }
  }

  @Test
  void foreignTypesOnTheWireAreRefused() {
    IllegalArgumentException foreign =
        assertThrows(
            IllegalArgumentException.class,
            () -> codec.decodeFromWire(0, wire("java.lang.String", "\"hello\"")));
    assertTrue(
        foreign.getMessage().contains("foreign type java.lang.String"), foreign.getMessage());

    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> codec.decodeFromWire(0, wire("io.liveroom.infra.contracts.NoSuchRecord", "{}")));
    assertTrue(unknown.getMessage().contains("unknown contract type"), unknown.getMessage());

    IllegalArgumentException notRecord =
        assertThrows(
            IllegalArgumentException.class,
            () -> codec.decodeFromWire(0, wire(ErrorCode.class.getName(), "\"INTERNAL\"")));
    assertTrue(notRecord.getMessage().contains("not a record"), notRecord.getMessage());
  }

  @Test
  void onlyLiveroomRecordsAreSelected() {
    assertFalse(RecordCodec.isContract("a string"));
    assertFalse(RecordCodec.isContract(Map.of("k", "v")));
    assertFalse(RecordCodec.isContract(ErrorCode.INTERNAL));
    assertFalse(RecordCodec.isContract(null));
    assertEquals(RecordCodec.NAME, codec.name());
    assertEquals(-1, codec.systemCodecID());
  }

  @Test
  void carriesRequestAndReplyOverALocalEventBus(Vertx vertx, VertxTestContext ctx) {
    RecordCodec.register(vertx.eventBus());
    LoginRoom request = new LoginRoom("room-9", "u-9", "Nine", "sess-9", "gw-z", 3, "live");
    LoginReply reply =
        new LoginReply(
            "room-9", "live", false, List.of(new RoomUser("u-1", "Alice")), List.of(), List.of());
    vertx
        .eventBus()
        .<Object>consumer(
            ADDRESS,
            message -> {
              ctx.verify(() -> assertSame(request, message.body(), "local delivery must not copy"));
              message.reply(reply);
            });
    Future<LoginReply> answer =
        new Bus(vertx.eventBus(), 5_000).request(ADDRESS, request, LoginReply.class);
    answer.onComplete(
        ctx.succeeding(
            received ->
                ctx.verify(
                    () -> {
                      assertEquals(reply, received);
                      assertSame(reply, received);
                      ctx.completeNow();
                    })));
  }

  private static Buffer wire(String type, String json) {
    byte[] t = type.getBytes(StandardCharsets.UTF_8);
    byte[] j = json.getBytes(StandardCharsets.UTF_8);
    return Buffer.buffer().appendInt(t.length).appendBytes(t).appendInt(j.length).appendBytes(j);
  }

  /** The records declared in the contracts package, found by listing its classes. */
  private static Set<Class<?>> contractRecords() throws Exception {
    String dir = RecordCodec.class.getPackageName().replace('.', '/');
    Path root =
        Path.of(RecordCodec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isRegularFile(root)) { // infra's jar rather than its classes directory
      try (FileSystem jar = FileSystems.newFileSystem(root, (ClassLoader) null)) {
        return recordsIn(jar.getPath(dir));
      }
    }
    return recordsIn(root.resolve(dir));
  }

  private static Set<Class<?>> recordsIn(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".class") && !n.contains("$"))
              .map(
                  n ->
                      RecordCodec.class.getPackageName()
                          + "."
                          + n.substring(0, n.length() - ".class".length()))
              .toList();
      Set<Class<?>> out = new HashSet<>();
      for (String name : names) {
        Class<?> c = Class.forName(name, false, RecordCodec.class.getClassLoader());
        if (c.isRecord()) {
          out.add(c);
        }
      }
      return out;
    }
  }
}
