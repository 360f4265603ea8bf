package io.liveroom.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.ServiceException;
import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Blocking helpers for tests: never call them on an event loop. */
public final class TestSupport {
  public static final long TIMEOUT_SECONDS = 10;

  private TestSupport() {}

  /** The result of {@code future}, failing the test when it fails or takes too long. */
  public static <T> T await(Future<T> future) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("operation failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("operation did not complete: " + e, e);
    }
  }

  /**
   * Asserts that {@code future} fails with a {@link ServiceException} of {@code code}; returns it.
   */
  public static ServiceException awaitFailure(ErrorCode code, Future<?> future) {
    try {
      Object value =
          future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      throw new AssertionError("expected " + code + " but succeeded with " + value);
    } catch (ExecutionException e) {
      ServiceException se = assertInstanceOf(ServiceException.class, e.getCause(), "failure type");
      assertEquals(code, se.code(), se.getMessage());
      return se;
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("operation did not complete: " + e, e);
    }
  }

  /** Polls {@code condition} until it holds or the deadline passes. */
  public static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
