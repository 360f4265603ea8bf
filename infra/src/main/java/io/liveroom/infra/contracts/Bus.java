package io.liveroom.infra.contracts;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import java.util.function.Function;

/**
 * Typed request/reply over the event bus. Every request has an explicit timeout; every failure
 * comes back as a {@link ServiceException} carrying an {@link ErrorCode}; a handler's failure that
 * is not one is classified, logged and counted by {@link Failures} (never sent on with its text).
 */
public final class Bus {
  private final EventBus eventBus;
  private final long timeoutMs;
  private final Observer observer;

  /**
   * Told of every request's outcome (for metrics); called on the requesting context, must be cheap.
   */
  public interface Observer {
    /**
     * {@code failure} is null on a reply, else the request's error code (a timeout is
     * SERVICE_TIMEOUT).
     */
    void completed(String address, long nanos, ErrorCode failure);
  }

  public Bus(EventBus eventBus, long timeoutMs) {
    this(eventBus, timeoutMs, null);
  }

  public Bus(EventBus eventBus, long timeoutMs, Observer observer) {
    this.eventBus = eventBus;
    this.timeoutMs = timeoutMs;
    this.observer = observer;
  }

  public EventBus eventBus() {
    return eventBus;
  }

  public long timeoutMs() {
    return timeoutMs;
  }

  /** Sends {@code body} to {@code address} and expects a reply of {@code replyType}. */
  public <T> Future<T> request(String address, Object body, Class<T> replyType) {
    return request(address, body, replyType, timeoutMs);
  }

  public <T> Future<T> request(String address, Object body, Class<T> replyType, long timeout) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeout);
    long start = observer == null ? 0 : System.nanoTime();
    Future<Message<Object>> answer =
        eventBus
            .request(address, body, options)
            .recover(failure -> Future.failedFuture(toServiceException(address, failure)));
    if (observer != null) {
      answer =
          answer.andThen(
              ar ->
                  observer.completed(
                      address,
                      System.nanoTime() - start,
                      ar.failed() ? ((ServiceException) ar.cause()).code() : null));
    }
    return answer.map(
        message -> {
          Object reply = message.body();
          if (reply != null && !replyType.isInstance(reply)) {
            throw ErrorCode.INTERNAL.exception(
                "expected "
                    + replyType.getSimpleName()
                    + " from "
                    + address
                    + ", got "
                    + reply.getClass().getSimpleName());
          }
          return replyType.cast(reply);
        });
  }

  /** Fire-and-forget to one consumer (point to point). */
  public void send(String address, Object body) {
    eventBus.send(address, body);
  }

  /** Fire-and-forget to every consumer. */
  public void publish(String address, Object body) {
    eventBus.publish(address, body);
  }

  /** Serves requests of {@code requestType} at {@code address} with {@code handler}. */
  public <Q, R> MessageConsumer<Object> serve(
      String address, Class<Q> requestType, Function<Q, Future<R>> handler) {
    return eventBus.consumer(address, message -> handle(message, requestType, handler));
  }

  private static <Q, R> void handle(
      Message<Object> message, Class<Q> requestType, Function<Q, Future<R>> handler) {
    Future<R> result;
    try {
      if (!requestType.isInstance(message.body())) {
        throw ErrorCode.BAD_REQUEST.exception("expected " + requestType.getSimpleName());
      }
      result = handler.apply(requestType.cast(message.body()));
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(
        ar -> {
          if (ar.succeeded()) {
            message.reply(ar.result());
          } else {
            ServiceException se = Failures.toService(ar.cause(), "request to " + message.address());
            message.fail(se.code().code(), se.getMessage());
          }
        });
  }

  static ServiceException toServiceException(String address, Throwable failure) {
    if (failure instanceof ServiceException se) {
      return se;
    }
    if (failure instanceof ReplyException re) {
      return switch (re.failureType()) {
        case TIMEOUT ->
            ErrorCode.SERVICE_TIMEOUT.exception("no reply from " + address + " in time");
        case NO_HANDLERS -> ErrorCode.SERVICE_UNAVAILABLE.exception("no service at " + address);
        default -> new ServiceException(ErrorCode.of(re.failureCode()), re.getMessage());
      };
    }
    return Failures.toService(failure, "request to " + address);
  }
}
