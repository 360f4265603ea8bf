package io.liveroom.infra.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * Races store calls the way the product makes them: each issuer runs on an event-loop context of
 * its own, as a verticle does. Store clients (the Redis client above all) are driven from their
 * callers' contexts; calls issued from foreign threads are not what production does and left the
 * Redis Cluster client with unanswered commands.
 *
 * <p>All contexts are created first, then every issuer is dispatched back to back, so they start
 * together without any event loop ever blocking on a start signal. Call from the test thread only.
 */
public final class ContextIssuers {
  private static final long ISSUE_TIMEOUT_SECONDS = 30;

  private ContextIssuers() {}

  /**
   * Runs {@code issue.accept(i)} for every {@code i} in {@code [0, issuers)}, each on a fresh
   * event-loop context of {@code vertx}, and returns once all ran. An issuer must only issue (start
   * operations, keep their futures), never wait; the first thing an issuer throws is rethrown here.
   */
  public static void issue(Vertx vertx, int issuers, IntConsumer issue) {
    if (Context.isOnVertxThread()) {
      throw new IllegalStateException("issue from the test thread, never from a Vert.x thread");
    }
    List<Context> contexts = new ArrayList<>(issuers);
    for (int i = 0; i < issuers; i++) {
      // from a non Vert.x thread, a new event-loop context each call (checked below)
      contexts.add(vertx.getOrCreateContext());
    }
    Set<Context> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    distinct.addAll(contexts);
    if (distinct.size() != issuers) {
      throw new AssertionError("issuers must run on contexts of their own: " + distinct.size());
    }
    List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch ran = new CountDownLatch(issuers);
    for (int i = 0; i < issuers; i++) { // the start signal: dispatch all, back to back
      int index = i;
      contexts
          .get(i)
          .runOnContext(
              v -> {
                try {
                  issue.accept(index);
                } catch (RuntimeException | Error e) {
                  thrown.add(e);
                } finally {
                  ran.countDown();
                }
              });
    }
    try {
      if (!ran.await(ISSUE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("issuers did not run within " + ISSUE_TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while issuers ran", e);
    }
    if (!thrown.isEmpty()) {
      throw new AssertionError(
          "an issuer threw instead of returning a future: " + thrown.get(0), thrown.get(0));
    }
  }

  /**
   * Issues {@code count} operations at once, each from its own event-loop context (see {@link
   * #issue}), and returns their futures in issue-index order.
   */
  public static <T> List<Future<T>> each(Vertx vertx, int count, IntFunction<Future<T>> operation) {
    AtomicReferenceArray<Future<T>> futures = new AtomicReferenceArray<>(count);
    issue(vertx, count, i -> futures.set(i, operation.apply(i)));
    List<Future<T>> result = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Future<T> f = futures.get(i);
      if (f == null) {
        throw new AssertionError("operation " + i + " returned no future");
      }
      result.add(f);
    }
    return result;
  }
}
