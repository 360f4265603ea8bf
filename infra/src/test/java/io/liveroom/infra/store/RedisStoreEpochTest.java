package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.StoreReset;
import io.liveroom.infra.testing.RedisServer;
import io.liveroom.infra.testing.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Store-loss detection against a real redis-server that the test crashes and restarts: empty, and
 * from an older snapshot. Two nodes (two epoch instances) must each notice every loss exactly once.
 */
@ExtendWith(VertxExtension.class)
class RedisStoreEpochTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final Vertx VERTX = Vertx.vertx();

  static {
    io.liveroom.infra.contracts.RecordCodec.register(VERTX.eventBus());
  }

  @AfterAll
  static void close() {
    VERTX.close();
  }

  private static Stores open(RedisServer redis, String prefix) {
    return new Stores(VERTX, redis.storeConfig(prefix));
  }

  @Test
  void everyNodeNoticesARestartWithoutDataAndAnOlderSnapshotOnce() {
    RedisServer redis = REDIS.server();
    String prefix = RedisServer.freshPrefix();
    Stores stores = open(redis, prefix);
    // two nodes' checkers of their own (the Stores' periodic checker runs beside them, as a third
    // node)
    StoreEpoch a = new RedisStoreEpoch(stores.redis(), prefix);
    StoreEpoch b = new RedisStoreEpoch(stores.redis(), prefix);
    try {
      assertFalse(check(a), "the first check adopts the epoch");
      assertFalse(check(b));
      assertFalse(check(a), "nothing happened");
      assertFalse(check(b));

      REDIS.restart(false);
      assertTrue(checkWhenBack(a), "a came back to an empty Redis");
      assertTrue(checkWhenBack(b), "b sees the epoch a wrote");
      assertFalse(check(a), "noticed once");
      assertFalse(check(b));

      assertEquals("OK", redis.command("SAVE"));
      for (int i = 0; i < 3; i++) { // the store moves on after the snapshot
        assertFalse(check(a));
        assertFalse(check(b));
      }
      REDIS.restart(true);
      assertTrue(checkWhenBack(b), "b notices the tick went back");
      assertTrue(checkWhenBack(a), "a sees the epoch b wrote");
      assertFalse(check(a));
      assertFalse(check(b));
    } finally {
      stores.close();
    }
  }

  @Test
  void aSnapshotTakenJustBeforeTheCrashIsStillALoss() {
    RedisServer redis = REDIS.server();
    String prefix = RedisServer.freshPrefix();
    Stores stores = open(redis, prefix);
    StoreEpoch a = new RedisStoreEpoch(stores.redis(), prefix);
    try {
      assertFalse(check(a));
      assertEquals("OK", redis.command("SAVE")); // no check between the snapshot and the crash:
      redis.command("SET", prefix + "written-after", "x"); // the tick cannot tell, the restart can
      REDIS.restart(true);
      assertTrue(checkWhenBack(a), "a restarted server may have lost the last writes");
      assertEquals(null, redis.command("GET", prefix + "written-after"), "it did");
      assertFalse(check(a));
    } finally {
      stores.close();
    }
  }

  @Test
  void theRunIdIsReadFromInfoServer() {
    assertEquals(
        "5b1f",
        RedisStoreEpoch.runId(
            "# Server\r\nredis_version:7.0.15\r\nrun_id:5b1f\r\ntcp_port:6379\r\n"));
    assertEquals(null, RedisStoreEpoch.runId("# Server\r\nredis_version:7.0.15\r\n"));
  }

  @Test
  void theStoresPublishALossOnTheLocalBusWithinTheirCheckInterval() throws Exception {
    RedisServer redis = REDIS.server();
    List<StoreReset> resets = new CopyOnWriteArrayList<>();
    VERTX
        .eventBus()
        .<StoreReset>localConsumer(Addresses.STORE_RESET, m -> resets.add(m.body()))
        .completion()
        .toCompletionStage()
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    Stores stores =
        new Stores(
            VERTX,
            new io.liveroom.infra.config.StoreConfig(
                io.liveroom.infra.config.StoreConfig.Type.REDIS,
                redis.url(),
                RedisServer.freshPrefix(),
                2,
                100));
    try {
      pollUntil(
          "the first check",
          () -> redis.command("GET", stores.config().keyPrefix() + "{store}:epoch") != null);
      assertTrue(resets.isEmpty());
      REDIS.restart(false);
      pollUntil("a StoreReset", () -> !resets.isEmpty());
      Thread.sleep(500); // five more checks: still one reset
      assertEquals(1, resets.size());
    } finally {
      stores.close();
    }
  }

  private static boolean check(StoreEpoch epoch) {
    return await(epoch.check());
  }

  /** The first check that reaches the restarted server. */
  private static boolean checkWhenBack(StoreEpoch stores) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        return check(stores);
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  private static void pollUntil(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within 10 s");
      }
      Thread.sleep(20);
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("store check failed: " + e, e);
    }
  }
}
