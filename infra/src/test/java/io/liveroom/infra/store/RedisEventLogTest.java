package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.contracts.LiveEvent;
import io.liveroom.infra.testing.RedisServer;
import io.liveroom.infra.testing.RedisServerExtension;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The event-log contract against a real redis-server, plus what only Redis can do: lose its data.
 */
class RedisEventLogTest extends EventLogContract {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private String prefix;

  @BeforeEach
  void cleanSlate(RedisServer redis) {
    redis.flushAll();
  }

  @Override
  protected StoreConfig config() {
    if (prefix == null) {
      prefix = RedisServer.freshPrefix();
    }
    return REDIS.server().storeConfig(prefix);
  }

  @Test
  void storesBuildTheRedisStream() {
    assertInstanceOf(RedisEventLog.class, log);
  }

  @Test
  void twoInstancesShareOneGapFreeSequence(Vertx vertx) throws Exception {
    EventLog other = open(vertx, config()).events(CONFIG);
    List<List<LiveEvent>> results =
        concurrently(20, i -> (i % 2 == 0 ? log : other).append(List.of(extra("r", "k"))));
    List<LiveEvent> all = await(other.read(0, 100, null)).events();
    assertEquals(20, all.size());
    assertConsecutive(all);
    assertEquals(
        results.stream().map(r -> r.get(0).seq()).sorted().toList(),
        all.stream().map(LiveEvent::seq).toList());
  }

  @Test
  void afterRedisLostItsDataTheSeqContinuesAboveWhatWasHandedOut(RedisServer redis) {
    List<LiveEvent> before = await(log.append(List.of(extra("r", "a"), extra("r", "b"))));
    redis.flushAll();
    List<LiveEvent> after = await(log.append(List.of(extra("r", "c"))));
    assertTrue(after.get(0).seq() > before.get(1).seq(), before + " then " + after);
    EventLog.EventPage page = await(log.read(before.get(1).seq(), 10, null));
    assertEquals(after, page.events(), "a consumer at the old position reads on");
    assertTrue(
        page.oldestSeq() > before.get(1).seq() + 1 || page.oldestSeq() == after.get(0).seq());
  }

  @Test
  void aCounterRewoundBelowTheStreamIsRaisedAboveIt(RedisServer redis) {
    List<LiveEvent> before = await(log.append(List.of(extra("r", "a"), extra("r", "b"))));
    redis.command("SET", prefix + "{events}:seq", "1");
    EventLog fresh =
        new RedisEventLog(stores.redis(), prefix, 1000, 3_600_000, System::currentTimeMillis);
    assertEquals(
        before.get(1).seq() + 1, await(fresh.append(List.of(extra("r", "c")))).get(0).seq());
  }
}
