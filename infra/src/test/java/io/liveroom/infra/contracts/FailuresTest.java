package io.liveroom.infra.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.VertxException;
import io.vertx.redis.client.impl.types.ErrorType;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailuresTest {
  @Test
  void storeFailuresAreUnavailableOrTimeout() {
    assertEquals(
        ErrorCode.SERVICE_UNAVAILABLE,
        Failures.classify(new ConnectException("Connection refused: /127.0.0.1:1")));
    assertEquals(ErrorCode.SERVICE_UNAVAILABLE, Failures.classify(new ClosedChannelException()));
    assertEquals(
        ErrorCode.SERVICE_UNAVAILABLE,
        Failures.classify(VertxException.noStackTrace("Connection closed")));
    assertEquals(
        ErrorCode.SERVICE_UNAVAILABLE,
        Failures.classify(
            new RuntimeException("wrapped", new java.io.IOException("Connection reset by peer"))));
    assertEquals(
        ErrorCode.SERVICE_UNAVAILABLE,
        Failures.classify(ErrorType.create("LOADING Redis is loading the dataset in memory")));
    assertEquals(
        ErrorCode.SERVICE_UNAVAILABLE,
        Failures.classify(ErrorType.create("BUSY Redis is busy running a script")));
    // what the Redis client fails a pending command with when its connection closes under it
    assertEquals(
        ErrorCode.SERVICE_UNAVAILABLE, Failures.classify(ErrorType.create("CONNECTION_CLOSED")));
    assertEquals(ErrorCode.SERVICE_TIMEOUT, Failures.classify(new TimeoutException("no answer")));
    assertEquals(
        ErrorCode.SERVICE_TIMEOUT,
        Failures.classify(new ConnectTimeoutException("connect timed out: /127.0.0.1:1")));
  }

  @Test
  void everythingElseIsInternalAndServiceExceptionsKeepTheirCode() {
    assertEquals(ErrorCode.INTERNAL, Failures.classify(new IllegalStateException("bug")));
    assertEquals(
        ErrorCode.INTERNAL, Failures.classify(ErrorType.create("ERR wrong number of arguments")));
    assertEquals(ErrorCode.INTERNAL, Failures.classify(null));
    assertEquals(
        ErrorCode.SERVICE_TIMEOUT,
        Failures.classify(
            new io.vertx.core.eventbus.ReplyException(
                io.vertx.core.eventbus.ReplyFailure.TIMEOUT,
                "Timed out after waiting 3000(ms) for a reply")));
    assertEquals(
        ErrorCode.ROOM_FULL,
        Failures.classify(
            new io.vertx.core.eventbus.ReplyException(
                io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE,
                ErrorCode.ROOM_FULL.code(),
                "full")));
    ServiceException full = ErrorCode.ROOM_FULL.exception("full");
    assertSame(full, Failures.toService(full, "test"));
    assertEquals(
        ErrorCode.ROOM_FULL,
        Failures.toService(
                new io.vertx.core.eventbus.ReplyException(
                    io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE,
                    ErrorCode.ROOM_FULL.code(),
                    "full"),
                "test")
            .code());
  }

  @Test
  void clientsGetFixedMessagesNeverTheExceptionText() {
    ServiceException unavailable =
        Failures.toService(new ConnectException("Connection refused: /127.0.0.1:6390"), "t");
    assertEquals(ErrorCode.SERVICE_UNAVAILABLE, unavailable.code());
    assertEquals("a store is unavailable, retry", unavailable.getMessage());
    ServiceException timeout =
        Failures.toService(new TimeoutException("redis 127.0.0.1:6390"), "t");
    assertEquals("a store did not answer in time, retry", timeout.getMessage());
    ServiceException internal = Failures.toService(new NullPointerException("x at 127.0.0.1"), "t");
    assertTrue(
        internal.getMessage().matches("internal error \\(ref [0-9a-f]{8}\\)"),
        internal.getMessage());
  }

  @Test
  void oneLinePerKindPerIntervalWithTheSuppressedCount() {
    List<String> lines = new ArrayList<>();
    AtomicLong now = new AtomicLong(1_000_000);
    FailureLog log = new FailureLog(new ListLogger(lines), 10_000, now::get);
    Throwable refused = new ConnectException("Connection refused");
    String ref = log.record("store-unavailable ConnectException", "req", refused, false);
    for (int i = 0; i < 99; i++) {
      now.addAndGet(50);
      assertEquals(
          ref,
          log.record("store-unavailable ConnectException", "req", refused, false),
          "failures of one interval share the reference of its line");
    }
    log.record("internal NullPointerException", "req", new NullPointerException(), true);
    assertEquals(2, lines.size(), "one line per kind: " + lines);
    assertTrue(lines.get(0).contains("[ref " + ref + "]"), lines.get(0));
    now.addAndGet(10_000);
    String next = log.record("store-unavailable ConnectException", "req", refused, false);
    assertNotEquals(ref, next);
    assertEquals(3, lines.size());
    assertTrue(lines.get(2).contains("99 more of this kind"), lines.get(2));
    assertEquals(
        Map.of("internal NullPointerException", 1L, "store-unavailable ConnectException", 101L),
        log.counts());
    assertFalse(lines.get(2).contains("\n"), "one line");
  }

  /** Collects messages, as a JUL handler would. */
  private record ListLogger(List<String> lines) implements System.Logger {
    @Override
    public String getName() {
      return "test";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      lines.add(msg);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(format);
    }
  }
}
