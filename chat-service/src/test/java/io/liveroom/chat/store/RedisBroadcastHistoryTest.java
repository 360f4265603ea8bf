package io.liveroom.chat.store;

import static io.liveroom.chat.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ChatData;
import io.liveroom.infra.contracts.MessagesPage;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.testing.RedisServer;
import io.liveroom.infra.testing.RedisServerExtension;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a real redis-server, plus what only a shared backend can show. */
class RedisBroadcastHistoryTest extends BroadcastHistoryContract {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private final List<Stores> opened = new ArrayList<>();
  private String prefix;

  @BeforeEach
  void cleanSlate(RedisServer redis) {
    redis.flushAll();
    prefix = RedisServer.freshPrefix();
  }

  @Override
  protected BroadcastHistory createHistory(Vertx vertx, int maxCount, long maxAgeMs) {
    return open(vertx, prefix, maxCount, maxAgeMs);
  }

  /** One more "chat-service instance": its own Redis client, the given key prefix. */
  private BroadcastHistory open(Vertx vertx, String keyPrefix, int maxCount, long maxAgeMs) {
    Stores stores = new Stores(vertx, REDIS.server().storeConfig(keyPrefix));
    opened.add(stores);
    return new RedisBroadcastHistory(stores.redis(), keyPrefix, maxCount, maxAgeMs);
  }

  @Override
  protected void closeHistories() {
    opened.forEach(Stores::close);
    opened.clear();
  }

  @Test
  void twoInstancesAppendingToOneRoomShareOneGapFreeSequence() throws Exception {
    BroadcastHistory a = open(vertx, prefix, 10_000, 600_000);
    BroadcastHistory b = open(vertx, prefix, 10_000, 600_000);
    assertGapFree(List.of(a, b), 8, 100, 2);
  }

  @Test
  void anInstanceReadsWhatAnotherAppended() {
    BroadcastHistory a = open(vertx, prefix, 100, 600_000);
    BroadcastHistory b = open(vertx, prefix, 100, 600_000);
    appendMany(a, "r1", 2, T0);
    long base = base(T0 + 1);
    assertEquals(base + 3, await(b.append("r1", ALICE, "from b", T0 + 5)).messageId());
    assertEquals(ids(base, 1, 3), seqs(await(a.after("r1", 0, 10, T0 + 10))));
  }

  @Test
  void keysLiveUnderThePrefixInOneSlotAndExpireWithTheHistory(RedisServer redis) {
    BroadcastHistory h = createHistory(vertx, 100, 60_000);
    appendMany(h, "r1", 2, T0);
    RedisBroadcastHistory.Keys keys = new RedisBroadcastHistory.Keys(prefix);
    assertEquals(prefix + "{room:r1}:chat:seq", keys.seq("r1"));
    assertEquals(prefix + "{room:r1}:chat:history", keys.history("r1"));
    assertEquals(prefix + "{room:r1}:chat:first", keys.first("r1"));
    assertEquals(Long.toString(base(T0 + 1) + 2), redis.command("GET", keys.seq("r1")));
    assertEquals(Long.toString(base(T0 + 1) + 1), redis.command("GET", keys.first("r1")));
    assertEquals("2", redis.command("ZCARD", keys.history("r1")));
    assertEquals(3, redis.dbSize());
    for (String key : List.of(keys.seq("r1"), keys.history("r1"), keys.first("r1"))) {
      long ttl = Long.parseLong(redis.command("PTTL", key));
      assertTrue(
          ttl > 0 && ttl <= 60_000,
          "an idle room's keys expire with the age cap: " + key + " ttl " + ttl);
    }
  }

  @Test
  void aSequenceLostWithTheStoreRestartsAboveWhatItGaveBefore(RedisServer redis) {
    BroadcastHistory h = createHistory(vertx, 100, 600_000);
    appendMany(h, "r1", 41, T0);
    long last = await(h.after("r1", 0, 1, T0 + 50)).lastSeq();
    RedisBroadcastHistory.Keys keys = new RedisBroadcastHistory.Keys(prefix);
    // the store lost the room's keys (a restart without persistence)
    redis.command("DEL", keys.seq("r1"), keys.history("r1"), keys.first("r1"));
    ChatData next = await(h.append("r1", ALICE, "after the loss", T0 + 5_000));
    assertTrue(next.messageId() > last, next.messageId() + " must be above " + last);
    MessagesPage page = await(h.after("r1", last, 10, T0 + 5_001));
    assertEquals(next.messageId(), page.firstSeq(), "the reader can tell the restart from a gap");
    assertEquals(List.of(next.messageId()), seqs(page));
  }

  @Test
  void prefixesIsolateInstances() {
    BroadcastHistory other = open(vertx, "other-" + UUID.randomUUID() + ":", 100, 600_000);
    BroadcastHistory h = createHistory(vertx, 100, 600_000);
    appendMany(h, "shared", 3, T0);
    assertEquals(base(T0) + 1, await(other.append("shared", ALICE, "x", T0)).messageId());
    assertEquals(base(T0 + 1) + 3, await(h.after("shared", 0, 10, T0 + 10)).lastSeq());
    assertEquals(List.of(base(T0) + 1), seqs(await(other.after("shared", 0, 10, T0 + 10))));
  }
}
