package io.liveroom.chat.store;

import static io.liveroom.chat.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

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
    assertEquals(3, await(b.append("r1", ALICE, "from b", T0 + 5)).messageId());
    assertEquals(List.of(1L, 2L, 3L), seqs(await(a.after("r1", 0, 10, T0 + 10))));
  }

  @Test
  void keysLiveUnderThePrefixInOneSlotAndOnlyHistoryExpires(RedisServer redis) {
    BroadcastHistory h = createHistory(vertx, 100, 60_000);
    appendMany(h, "r1", 2, T0);
    RedisBroadcastHistory.Keys keys = new RedisBroadcastHistory.Keys(prefix);
    assertEquals(prefix + "chat:{r1}:seq", keys.seq("r1"));
    assertEquals(prefix + "chat:{r1}:history", keys.history("r1"));
    assertEquals("2", redis.command("GET", keys.seq("r1")));
    assertEquals("2", redis.command("ZCARD", keys.history("r1")));
    assertEquals(2, redis.dbSize());
    assertEquals("-1", redis.command("PTTL", keys.seq("r1")), "the sequence never expires");
    long ttl = Long.parseLong(redis.command("PTTL", keys.history("r1")));
    assertTrue(ttl > 0 && ttl <= 60_000, "an idle room's history expires with the age cap, ttl " + ttl);
  }

  @Test
  void prefixesIsolateInstances() {
    BroadcastHistory other = open(vertx, "other-" + UUID.randomUUID() + ":", 100, 600_000);
    BroadcastHistory h = createHistory(vertx, 100, 600_000);
    appendMany(h, "shared", 3, T0);
    assertEquals(1, await(other.append("shared", ALICE, "x", T0)).messageId());
    assertEquals(3, await(h.after("shared", 0, 10, T0 + 10)).lastSeq());
    assertEquals(List.of(1L), seqs(await(other.after("shared", 0, 10, T0 + 10))));
  }
}
