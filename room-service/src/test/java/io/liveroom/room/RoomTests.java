package io.liveroom.room;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.ServiceException;
import io.vertx.core.Future;

/**
 * What room-service's plain-class tests share: results of futures completed by the memory stores.
 */
final class RoomTests {
  private RoomTests() {}

  static <T> T await(Future<T> f) {
    return f.toCompletionStage().toCompletableFuture().join();
  }

  /** The error code of a future that must have failed already. */
  static ErrorCode failure(Future<?> f) {
    assertTrue(f.failed(), "expected a failure");
    return assertInstanceOf(ServiceException.class, f.cause()).code();
  }
}
