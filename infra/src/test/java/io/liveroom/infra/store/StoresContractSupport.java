package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.testing.ContextIssuers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
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
  private Vertx vertx;

  /** The configuration of a fresh, empty backend for one test. */
  protected abstract StoreConfig config();

  @BeforeEach
  void openStores(Vertx vertx) {
    this.vertx = vertx;
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
   * Issues {@code count} operations at once, each from an event-loop context of its own (as the
   * verticles call the stores; see {@link ContextIssuers}), and returns their results in
   * issue-index order once all completed.
   */
  protected <T> List<T> concurrently(int count, IntFunction<Future<T>> operation) {
    List<T> results = new ArrayList<>(count);
    for (Future<T> f : ContextIssuers.each(vertx, count, operation)) {
      results.add(await(f));
    }
    assertEquals(count, results.size());
    return results;
  }
}
