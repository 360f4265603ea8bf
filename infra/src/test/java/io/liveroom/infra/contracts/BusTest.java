package io.liveroom.infra.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class BusTest {
  private static final String ADDRESS = "test.bus.login";
  private static final LoginRoom LOGIN =
      new LoginRoom("room-1", "u-1", "Alice", "sess-1", "gw-a", 0, "live");
  private Bus bus;

  @BeforeEach
  void setUp(Vertx vertx) {
    RecordCodec.register(vertx.eventBus());
    bus = new Bus(vertx.eventBus(), 10_000);
  }

  @Test
  void requestGetsTheTypedReply(VertxTestContext ctx) {
    bus.serve(
        ADDRESS,
        LoginRoom.class,
        q ->
            Future.succeededFuture(
                new LoginReply(
                    q.roomId(),
                    "live",
                    false,
                    List.of(new RoomUser(q.userId(), q.userName())),
                    List.of(),
                    List.of())));
    bus.request(ADDRESS, LOGIN, LoginReply.class)
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertEquals(
                              new LoginReply(
                                  "room-1",
                                  "live",
                                  false,
                                  List.of(new RoomUser("u-1", "Alice")),
                                  List.of(),
                                  List.of()),
                              reply);
                          ctx.completeNow();
                        })));
  }

  @Test
  void plainBodiesWorkToo(VertxTestContext ctx) {
    bus.serve("test.bus.echo", String.class, s -> Future.succeededFuture(s.toUpperCase()));
    bus.request("test.bus.echo", "hi", String.class)
        .onComplete(
            ctx.succeeding(
                reply ->
                    ctx.verify(
                        () -> {
                          assertEquals("HI", reply);
                          ctx.completeNow();
                        })));
  }

  @Test
  void aServiceFailureKeepsItsCodeAndMessage(VertxTestContext ctx) {
    bus.serve(
        ADDRESS, LoginRoom.class, q -> Future.failedFuture(ErrorCode.ROOM_FULL.exception("x")));
    expectFailure(ctx, bus.request(ADDRESS, LOGIN, LoginReply.class), ErrorCode.ROOM_FULL, "x");
  }

  @Test
  void aThrownServiceExceptionKeepsItsCodeToo(VertxTestContext ctx) {
    bus.serve(
        ADDRESS,
        LoginRoom.class,
        q -> {
          throw ErrorCode.NOT_LOGGED_IN.exception("who are you");
        });
    expectFailure(
        ctx, bus.request(ADDRESS, LOGIN, LoginReply.class), ErrorCode.NOT_LOGGED_IN, "who are you");
  }

  @Test
  void aPlainExceptionArrivesAsInternalWithAReferenceNotItsText(VertxTestContext ctx) {
    bus.serve(
        ADDRESS,
        LoginRoom.class,
        q -> {
          throw new IllegalStateException("boom at 10.1.2.3");
        });
    expectInternal(ctx, bus.request(ADDRESS, LOGIN, LoginReply.class));
  }

  @Test
  void aPlainFailedFutureArrivesAsInternalWithAReferenceNotItsText(VertxTestContext ctx) {
    bus.serve(
        ADDRESS,
        LoginRoom.class,
        q -> Future.failedFuture(new RuntimeException("bad at 10.1.2.3")));
    expectInternal(ctx, bus.request(ADDRESS, LOGIN, LoginReply.class));
  }

  @Test
  void aStoreThatRefusesConnectionsIsServiceUnavailable(VertxTestContext ctx) {
    long before = FailureLog.shared().count(Failures.STORE_UNAVAILABLE + " ConnectException");
    bus.serve(
        ADDRESS,
        LoginRoom.class,
        q ->
            Future.failedFuture(
                new java.net.ConnectException("Connection refused: /127.0.0.1:6390")));
    bus.request(ADDRESS, LOGIN, LoginReply.class)
        .onComplete(
            ctx.failing(
                e ->
                    ctx.verify(
                        () -> {
                          ServiceException se = assertInstanceOf(ServiceException.class, e);
                          assertEquals(ErrorCode.SERVICE_UNAVAILABLE, se.code());
                          assertEquals("a store is unavailable, retry", se.getMessage());
                          assertEquals(
                              before + 1,
                              FailureLog.shared()
                                  .count(Failures.STORE_UNAVAILABLE + " ConnectException"));
                          ctx.completeNow();
                        })));
  }

  private static void expectInternal(VertxTestContext ctx, Future<?> future) {
    future.onComplete(
        ctx.failing(
            e ->
                ctx.verify(
                    () -> {
                      ServiceException se = assertInstanceOf(ServiceException.class, e);
                      assertEquals(ErrorCode.INTERNAL, se.code());
                      assertTrue(
                          se.getMessage().matches("internal error \\(ref [0-9a-f]{8}\\)"),
                          se.getMessage());
                      ctx.completeNow();
                    })));
  }

  @Test
  void anUnknownFailureCodeFromARawConsumerIsInternal(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().consumer(ADDRESS, message -> message.fail(42, "odd"));
    expectFailure(ctx, bus.request(ADDRESS, LOGIN, LoginReply.class), ErrorCode.INTERNAL, "odd");
  }

  @Test
  void noConsumerIsServiceUnavailable(VertxTestContext ctx) {
    bus.request("test.bus.nobody", LOGIN, LoginReply.class)
        .onComplete(
            ctx.failing(
                e ->
                    ctx.verify(
                        () -> {
                          ServiceException se = assertInstanceOf(ServiceException.class, e);
                          assertEquals(ErrorCode.SERVICE_UNAVAILABLE, se.code());
                          assertTrue(se.getMessage().contains("test.bus.nobody"), se.getMessage());
                          ctx.completeNow();
                        })));
  }

  @Test
  void aSilentConsumerTimesOut(Vertx vertx, VertxTestContext ctx) {
    AtomicBoolean received = new AtomicBoolean();
    vertx.eventBus().consumer(ADDRESS, message -> received.set(true)); // never replies
    long start = System.nanoTime();
    bus.request(ADDRESS, LOGIN, LoginReply.class, 200)
        .onComplete(
            ctx.failing(
                e ->
                    ctx.verify(
                        () -> {
                          long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                          ServiceException se = assertInstanceOf(ServiceException.class, e);
                          assertEquals(ErrorCode.SERVICE_TIMEOUT, se.code());
                          assertTrue(received.get(), "the consumer got the request");
                          assertTrue(
                              elapsedMs >= 190 && elapsedMs < 5_000,
                              "the 200 ms timeout applies, not the default: " + elapsedMs);
                          ctx.completeNow();
                        })));
  }

  @Test
  void aWrongBodyTypeIsABadRequest(VertxTestContext ctx) {
    AtomicBoolean called = new AtomicBoolean();
    bus.serve(
        ADDRESS,
        LoginRoom.class,
        q -> {
          called.set(true);
          return Future.succeededFuture(
              new LoginReply(q.roomId(), "live", false, List.of(), List.of(), List.of()));
        });
    bus.request(ADDRESS, new LogoutRoom("room-1", "u-1", "sess-1"), LoginReply.class)
        .onComplete(
            ctx.failing(
                e ->
                    ctx.verify(
                        () -> {
                          ServiceException se = assertInstanceOf(ServiceException.class, e);
                          assertEquals(ErrorCode.BAD_REQUEST, se.code());
                          assertTrue(se.getMessage().contains("LoginRoom"), se.getMessage());
                          assertFalse(called.get(), "the handler must not see a wrong body");
                          ctx.completeNow();
                        })));
  }

  @Test
  void anUnexpectedReplyTypeIsAServiceException(VertxTestContext ctx) {
    bus.serve(
        ADDRESS, LoginRoom.class, q -> Future.succeededFuture(new LogoutReply(q.roomId(), true)));
    bus.request(ADDRESS, LOGIN, LoginReply.class)
        .onComplete(
            ctx.failing(
                e ->
                    ctx.verify(
                        () -> {
                          ServiceException se = assertInstanceOf(ServiceException.class, e);
                          assertEquals(ErrorCode.INTERNAL, se.code());
                          assertTrue(se.getMessage().contains("LogoutReply"), se.getMessage());
                          ctx.completeNow();
                        })));
  }

  private static void expectFailure(
      VertxTestContext ctx, Future<?> future, ErrorCode code, String message) {
    Consumer<Throwable> check =
        e -> {
          ServiceException se = assertInstanceOf(ServiceException.class, e);
          assertEquals(code, se.code());
          assertEquals(message, se.getMessage());
        };
    future.onComplete(
        ctx.failing(
            e ->
                ctx.verify(
                    () -> {
                      check.accept(e);
                      ctx.completeNow();
                    })));
  }
}
