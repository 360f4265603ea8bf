package io.liveroom.chat;

import static io.liveroom.chat.TestSupport.await;
import static io.liveroom.chat.TestSupport.until;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.BroadcastReceived;
import io.liveroom.infra.contracts.BroadcastSent;
import io.liveroom.infra.contracts.ChatData;
import io.liveroom.infra.contracts.GetMessages;
import io.liveroom.infra.contracts.MessagesPage;
import io.liveroom.infra.contracts.SendBroadcast;
import io.liveroom.infra.store.Member;
import io.liveroom.infra.testing.RedisServer;
import io.liveroom.infra.testing.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two chat-service instances on one Redis: the bus spreads requests, the sequence stays one. */
@ExtendWith(VertxExtension.class)
class ChatVerticleRedisTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Test
  void twoInstancesShareOneGapFreeSequenceAndHistory(Vertx vertx, RedisServer redis) {
    redis.flushAll();
    int n = 200;
    List<Object> events = Collections.synchronizedList(new ArrayList<>());
    try (ChatNodes nodes = new ChatNodes(vertx)) {
      Map<String, String> config =
          Map.of(
              "store.type",
              "redis",
              "store.redisUrl",
              redis.url(),
              "store.keyPrefix",
              "t-" + UUID.randomUUID() + ":",
              "chat.broadcastUserPerSecond",
              "1000",
              "chat.broadcastRoomPerSecond",
              "1000");
      Node a = nodes.node(config);
      Node b = nodes.node(config);
      await(vertx.deployVerticle(new ChatVerticle(a)));
      await(vertx.deployVerticle(new ChatVerticle(b)));
      await(
          vertx
              .eventBus()
              .consumer(Addresses.roomEvents("r1"), m -> events.add(m.body()))
              .completion());
      List<String> users = List.of("u0", "u1", "u2", "u3");
      for (String u : users) {
        await(a.stores().membership().join(new Member("r1", u, u, "s-" + u, "gw-1", 0), 0));
      }
      List<Future<BroadcastSent>> sends =
          IntStream.range(0, n)
              .mapToObj(
                  i ->
                      a.bus()
                          .request(
                              Addresses.CHAT_BROADCAST_SEND,
                              new SendBroadcast(
                                  "r1", users.get(i % 4), null, "s-" + users.get(i % 4), "m" + i),
                              BroadcastSent.class))
              .toList();
      await(Future.all(sends));
      MessagesPage page =
          await(
              b.bus()
                  .request(
                      Addresses.CHAT_MESSAGE_LIST,
                      new GetMessages("r1", "u1", "s-u1", 0, 0),
                      MessagesPage.class));
      long first = page.firstSeq(); // the sequence starts at the first send's time x 1000 + 1
      List<Long> expected = LongStream.range(0, n).map(i -> first + i).boxed().toList();
      assertEquals(expected, sends.stream().map(f -> f.result().messageId()).sorted().toList());
      until("every broadcast event", () -> events.size() == n);
      assertEquals(
          expected,
          events.stream()
              .map(e -> ((BroadcastReceived) e).messages().get(0).messageId())
              .sorted()
              .toList(),
          "each seq published exactly once");
      assertEquals(
          expected,
          page.messages().stream().map(ChatData::messageId).toList(),
          "history in seq order");
      assertEquals(first + n - 1, page.lastSeq());
    }
  }
}
