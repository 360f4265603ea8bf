package io.liveroom.chat;

import static io.liveroom.chat.TestSupport.await;
import static io.liveroom.chat.TestSupport.awaitFailure;
import static io.liveroom.chat.TestSupport.until;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.BarrageReceived;
import io.liveroom.infra.contracts.BarrageSent;
import io.liveroom.infra.contracts.BroadcastReceived;
import io.liveroom.infra.contracts.BroadcastSent;
import io.liveroom.infra.contracts.ChatData;
import io.liveroom.infra.contracts.CustomCommandDelivered;
import io.liveroom.infra.contracts.CustomCommandSent;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.GetMessages;
import io.liveroom.infra.contracts.MessagesPage;
import io.liveroom.infra.contracts.RoomUser;
import io.liveroom.infra.contracts.SendBarrage;
import io.liveroom.infra.contracts.SendBroadcast;
import io.liveroom.infra.contracts.SendCustomCommand;
import io.liveroom.infra.store.Member;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The deployed service: real event bus, real timers, memory stores. */
@ExtendWith(VertxExtension.class)
class ChatVerticleTest {
  private Vertx vertx;
  private ChatNodes nodes;
  private Node node;
  private final List<Object> roomEvents = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    nodes = new ChatNodes(vertx);
    await(
        vertx
            .eventBus()
            .consumer(Addresses.roomEvents("r1"), m -> roomEvents.add(m.body()))
            .completion());
  }

  @AfterEach
  void tearDown() {
    nodes.close();
  }

  private String deploy(Map<String, String> overrides) {
    node = nodes.node(overrides);
    String id = await(vertx.deployVerticle(new ChatVerticle(node)));
    join("alice", "gw-1");
    join("bob", "gw-2");
    return id;
  }

  private void join(String userId, String gatewayId) {
    await(
        node.stores()
            .membership()
            .join(new Member("r1", userId, userId.toUpperCase(), "s-" + userId, gatewayId, 0), 0));
  }

  private <T> Future<T> request(String address, Record body, Class<T> reply) {
    return node.bus().request(address, body, reply);
  }

  @Test
  void servesBroadcastAndHistoryOverTheBus() {
    deploy(Map.of());
    BroadcastSent sent =
        await(
            request(
                Addresses.CHAT_BROADCAST_SEND,
                new SendBroadcast("r1", "alice", "ALICE", "s-alice", "hello"),
                BroadcastSent.class));
    assertEquals(
        io.liveroom.chat.store.BroadcastHistory.firstOfSequence(sent.sendTime()), sent.messageId());
    until("the broadcast event", () -> !roomEvents.isEmpty());
    ChatData data =
        new ChatData(sent.messageId(), new RoomUser("alice", "ALICE"), sent.sendTime(), "hello");
    assertEquals(List.of(new BroadcastReceived("r1", List.of(data))), roomEvents);
    MessagesPage page =
        await(
            request(
                Addresses.CHAT_MESSAGE_LIST,
                new GetMessages("r1", "bob", "s-bob", 0, 0),
                MessagesPage.class));
    assertEquals(
        new MessagesPage("r1", List.of(data), sent.messageId(), sent.messageId(), sent.messageId()),
        page);
  }

  @Test
  void refusalsCrossTheBusWithTheirCodes() {
    deploy(Map.of("chat.maxMessageBytes", "8"));
    awaitFailure(
        ErrorCode.NOT_LOGGED_IN,
        request(
            Addresses.CHAT_BROADCAST_SEND,
            new SendBroadcast("r1", "mallory", null, "s-mallory", "hi"),
            BroadcastSent.class));
    awaitFailure(
        ErrorCode.MESSAGE_TOO_LARGE,
        request(
            Addresses.CHAT_BARRAGE_SEND,
            new SendBarrage("r1", "alice", null, "s-alice", "123456789"),
            BarrageSent.class));
    awaitFailure(
        ErrorCode.BAD_REQUEST,
        request(
            Addresses.CHAT_COMMAND_SEND,
            new GetMessages("r1", null, null, 0, 0),
            CustomCommandSent.class));
    assertEquals(List.of(), roomEvents);
  }

  @Test
  void theTickerPushesALoneBarrageMessage() {
    deploy(Map.of("chat.barrageTickMs", "20"));
    BarrageSent sent =
        await(
            request(
                Addresses.CHAT_BARRAGE_SEND,
                new SendBarrage("r1", "bob", null, "s-bob", "666"),
                BarrageSent.class));
    until("the tick's barrage event", () -> !roomEvents.isEmpty());
    assertEquals(
        List.of(
            new BarrageReceived(
                "r1",
                List.of(
                    new ChatData(
                        sent.messageId(), new RoomUser("bob", "BOB"), sent.sendTime(), "666")))),
        roomEvents);
  }

  @Test
  void barrageOfOneTickIsOneEventAndStoppingFlushesTheRest() {
    String id =
        deploy(
            Map.of(
                "chat.barrageTickMs",
                "60000",
                "chat.barrageMaxBatch",
                "6",
                "chat.barrageUserPerSecond",
                "100"));
    List<Future<BarrageSent>> sends =
        IntStream.range(0, 8)
            .mapToObj(
                i ->
                    request(
                        Addresses.CHAT_BARRAGE_SEND,
                        new SendBarrage(
                            "r1",
                            i % 2 == 0 ? "alice" : "bob",
                            null,
                            "s-" + (i % 2 == 0 ? "alice" : "bob"),
                            "b" + i),
                        BarrageSent.class))
            .toList();
    await(Future.all(sends));
    until("the full batch", () -> !roomEvents.isEmpty());
    assertEquals(1, roomEvents.size());
    assertEquals(6, ((BarrageReceived) roomEvents.get(0)).messages().size());
    await(vertx.undeploy(id));
    until("the flush on stop", () -> roomEvents.size() == 2);
    assertEquals(2, ((BarrageReceived) roomEvents.get(1)).messages().size());
    awaitFailure(
        ErrorCode.SERVICE_UNAVAILABLE,
        request(
            Addresses.CHAT_BARRAGE_SEND,
            new SendBarrage("r1", "bob", null, "s-bob", "late"),
            BarrageSent.class));
  }

  @Test
  void aCommandReachesTheRecipientsGatewaySessionControlAddress() {
    deploy(Map.of());
    List<Object> gw2 = Collections.synchronizedList(new ArrayList<>());
    await(
        vertx
            .eventBus()
            .consumer(Addresses.gatewaySessionControl("gw-2"), m -> gw2.add(m.body()))
            .completion());
    CustomCommandSent sent =
        await(
            request(
                Addresses.CHAT_COMMAND_SEND,
                new SendCustomCommand(
                    "r1", "alice", null, "s-alice", "raise-hand", List.of("bob", "carol")),
                CustomCommandSent.class));
    assertEquals(List.of("carol"), sent.notInRoom());
    until("the delivery to gw-2", () -> !gw2.isEmpty());
    assertEquals(
        List.of(
            new CustomCommandDelivered(
                "s-bob", "r1", new RoomUser("alice", "ALICE"), "raise-hand")),
        gw2);
  }
}
