package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.RecordCodec;
import io.liveroom.infra.testing.RedisProcess;
import io.liveroom.infra.testing.RedisSentinelExtension;
import io.liveroom.infra.testing.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kill -9 of the Redis master under a stream of writes, in {@code store.mode=sentinel}: the stores
 * follow the promoted replica within seconds, the store-loss check announces the failover (so
 * gateways re-assert their live state), and every write acknowledged before the kill is either on
 * the new master or counted as lost. Prints the measured write outage and loss (docs/deploy.md).
 */
@ExtendWith(VertxExtension.class)
class SentinelFailoverTest {
  @RegisterExtension static final RedisSentinelExtension SENTINEL = new RedisSentinelExtension();
  private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(20);

  @Test
  void writesResumeOnThePromotedReplicaAndTheLossIsAnnounced(Vertx vertx) throws Exception {
    StoreConfig base = SENTINEL.storeConfig(RedisServer.freshPrefix());
    StoreConfig config =
        new StoreConfig(
            base.type(),
            base.redisUrl(),
            base.keyPrefix(),
            4,
            200,
            base.mode(),
            base.sentinelMaster(),
            base.sentinels(),
            base.clusterNodes());
    RecordCodec.register(vertx.eventBus());
    Stores stores = new Stores(vertx, config);
    AtomicInteger resets = new AtomicInteger();
    vertx.eventBus().localConsumer(Addresses.STORE_RESET, m -> resets.incrementAndGet());
    try {
      Set<String> acknowledged = new HashSet<>();
      int i = 0;
      for (; i < 200; i++) {
        assertTrue(join(stores, i), "writes succeed before the kill");
        acknowledged.add("u" + i);
      }
      // the epoch check has seen this master's run_id
      Thread.sleep(3 * config.epochCheckMs());
      assertEquals(0, resets.get(), "no loss announced while the master lives");

      long killedAt = System.nanoTime();
      RedisProcess old = SENTINEL.killMaster();
      int failed = 0;
      long firstOk = 0;
      int okAfter = 0;
      while (okAfter < 50) {
        assertTrue(
            System.nanoTime() - killedAt < RECOVERY_LIMIT.toNanos(),
            "writes resumed within " + RECOVERY_LIMIT + " (" + failed + " failed so far)");
        if (join(stores, i)) {
          acknowledged.add("u" + i);
          okAfter++;
          if (firstOk == 0) {
            firstOk = System.nanoTime();
          }
        } else {
          failed++;
          Thread.sleep(20);
        }
        i++;
      }
      Duration outage = Duration.ofNanos(firstOk - killedAt);
      Duration failover = SENTINEL.awaitFailover(old, killedAt, Duration.ofSeconds(1));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (resets.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(resets.get() >= 1, "the failover is announced as a store loss");

      Set<String> present = new HashSet<>();
      await(stores.membership().members("room")).forEach(m -> present.add(m.userId()));
      Set<String> lost = new HashSet<>(acknowledged);
      lost.removeAll(present);
      System.out.printf(
          "sentinel failover: writes failed for %d ms (%d failed attempts), sentinels promoted the"
              + " replica %d ms after the kill, %d of %d acknowledged writes lost, %d reset(s)"
              + " announced%n",
          outage.toMillis(),
          failed,
          failover.toMillis(),
          lost.size(),
          acknowledged.size(),
          resets.get());
      assertTrue(
          present.containsAll(
              acknowledged.stream().filter(u -> Integer.parseInt(u.substring(1)) >= 200).toList()),
          "every write acknowledged by the new master is there");
      assertTrue(lost.size() <= 200, "only writes acknowledged by the dead master can be lost");

      SENTINEL.restart(old);
      SENTINEL.awaitHealthy(Duration.ofSeconds(30));
      assertTrue(join(stores, i), "writes go on once the old master came back as a replica");
    } finally {
      stores.close();
    }
  }

  /** One acknowledged write (a member joining), true when Redis acknowledged it within 2 s. */
  private static boolean join(Stores stores, int i) {
    try {
      stores
          .membership()
          .join(new Member("room", "u" + i, "U" + i, "s" + i, "gw-1", i), 0)
          .toCompletionStage()
          .toCompletableFuture()
          .get(2, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
