package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.StoreConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the store contracts share: one {@link Stores} per test, built as production builds it (so
 * the room, stream and membership stores share a backend and key prefix), plus blocking helpers.
 */
@ExtendWith(VertxExtension.class)
abstract class StoresContractSupport {
  protected static final long TIMEOUT_SECONDS = 10;
  private final List<Stores> opened = new ArrayList<>();
  protected Stores stores;

  /** The configuration of a fresh, empty backend for one test. */
  protected abstract StoreConfig config();

  @BeforeEach
  void openStores(Vertx vertx) {
    stores = open(vertx, config());
  }

  @AfterEach
  void closeStores() {
    opened.forEach(Stores::close);
    opened.clear();
  }

  /** Another {@link Stores}, closed after the test. */
  protected Stores open(Vertx vertx, StoreConfig config) {
    Stores s = new Stores(vertx, config);
    opened.add(s);
    return s;
  }

  /** Blocks the test thread (never an event loop) for the result of a store operation. */
  protected static <T> T await(Future<T> future) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("store operation failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("store operation did not complete: " + e, e);
    }
  }

  /**
   * Issues {@code count} operations at once, one per thread, all released by the same start signal,
   * and returns their results in issue-index order once all completed.
   */
  protected static <T> List<T> concurrently(int count, IntFunction<Future<T>> operation)
      throws Exception {
    List<Future<T>> futures =
        Collections.synchronizedList(new ArrayList<>(Collections.nCopies(count, null)));
    List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch ready = new CountDownLatch(count);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      for (int i = 0; i < count; i++) {
        int index = i;
        pool.execute(
            () -> {
              ready.countDown();
              try {
                if (!go.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                  throw new IllegalStateException("start signal never came");
                }
                futures.set(index, operation.apply(index));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                thrown.add(e);
              } catch (RuntimeException | Error e) {
                thrown.add(e);
              }
            });
      }
      assertTrue(ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "issuers did not start");
      go.countDown();
    } finally {
      pool.shutdown();
      assertTrue(
          pool.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS), "issuers did not finish");
    }
    if (!thrown.isEmpty()) {
      throw new AssertionError(
          "operation threw instead of returning a future: " + thrown.get(0), thrown.get(0));
    }
    List<T> results = new ArrayList<>(count);
    for (Future<T> f : futures) {
      results.add(await(f));
    }
    assertEquals(count, results.size());
    return results;
  }
}
