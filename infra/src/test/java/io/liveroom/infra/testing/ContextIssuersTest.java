package io.liveroom.infra.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ContextIssuersTest {
  @Test
  void everyIssuerRunsOnAnEventLoopContextOfItsOwn(Vertx vertx) {
    int issuers = 12;
    AtomicReferenceArray<Context> seen = new AtomicReferenceArray<>(issuers);
    AtomicReferenceArray<Boolean> onEventLoop = new AtomicReferenceArray<>(issuers);
    ContextIssuers.issue(
        vertx,
        issuers,
        i -> {
          seen.set(i, Vertx.currentContext());
          onEventLoop.set(i, Context.isOnEventLoopThread());
        });
    Set<Context> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < issuers; i++) {
      assertTrue(onEventLoop.get(i), "issuer " + i + " on an event loop");
      assertSame(vertx, seen.get(i).owner());
      distinct.add(seen.get(i));
    }
    assertEquals(issuers, distinct.size(), "one context per issuer");
  }

  @Test
  void eachReturnsTheFuturesInIssueOrder(Vertx vertx) {
    List<Future<Integer>> futures =
        ContextIssuers.each(vertx, 20, i -> Future.succeededFuture(i * i));
    assertEquals(
        IntStream.range(0, 20).map(i -> i * i).boxed().toList(),
        futures.stream().map(Future::result).toList());
  }

  @Test
  void anIssuerThatThrowsFailsTheCaller(Vertx vertx) {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                ContextIssuers.issue(
                    vertx,
                    3,
                    i -> {
                      if (i == 1) {
                        throw new IllegalStateException("boom");
                      }
                    }));
    assertEquals("boom", e.getCause().getMessage());
  }

  @Test
  void refusesToRunOnAVertxThreadWhereItWouldBlockTheLoop(Vertx vertx) throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    vertx.runOnContext(
        v -> {
          try {
            ContextIssuers.issue(vertx, 1, i -> {});
          } catch (Throwable t) {
            thrown.set(t);
          }
          done.countDown();
        });
    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertInstanceOf(IllegalStateException.class, thrown.get());
  }
}
