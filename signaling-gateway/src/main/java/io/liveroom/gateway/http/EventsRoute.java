package io.liveroom.gateway.http;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.store.EventLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiConsumer;

/**
 * The replay API, {@code GET /v1/events?after=<seq>&limit=<n>[&roomID=]} (mounted behind the admin
 * API's authorization): the event log's events after {@code after}, in order, with {@code
 * oldestSeq} (the oldest event still retained: a consumer whose {@code after + 1} is below it fell
 * behind retention), {@code lastSeq} and {@code next} (the {@code after} of the next page).
 */
public final class EventsRoute {
  static final int DEFAULT_LIMIT = 100;
  private static final int MAX_ROOM_ID_CHARS = 256;
  private final EventLog log;
  private final int maxPageSize;
  private final BiConsumer<RoutingContext, JsonObject> ok;
  private final BiConsumer<RoutingContext, Throwable> fail;

  /** {@code maxPageSize}: the admin API's page cap ({@code gateway.adminMaxPageSize}). */
  public EventsRoute(
      EventLog log,
      int maxPageSize,
      BiConsumer<RoutingContext, JsonObject> ok,
      BiConsumer<RoutingContext, Throwable> fail) {
    this.log = log;
    this.maxPageSize = maxPageSize;
    this.ok = ok;
    this.fail = fail;
  }

  public void mount(Router router) {
    router
        .get("/v1/events")
        .handler(
            ctx -> {
              Future<JsonObject> result;
              try {
                result = page(ctx);
              } catch (RuntimeException e) {
                result = Future.failedFuture(e);
              }
              result.onSuccess(body -> ok.accept(ctx, body)).onFailure(e -> fail.accept(ctx, e));
            });
  }

  private Future<JsonObject> page(RoutingContext ctx) {
    long after = longParam(ctx.request().getParam("after"), "after", 0, Long.MAX_VALUE - 1, 0);
    int limit =
        (int)
            longParam(
                ctx.request().getParam("limit"),
                "limit",
                1,
                maxPageSize,
                Math.min(DEFAULT_LIMIT, maxPageSize));
    String roomId = ctx.request().getParam("roomID");
    if (roomId != null
        && (roomId.isEmpty()
            || roomId.length() > MAX_ROOM_ID_CHARS
            || roomId.chars().anyMatch(Character::isISOControl))) {
      throw ErrorCode.INVALID_FIELD.exception(
          "roomID must be 1.." + MAX_ROOM_ID_CHARS + " printable characters");
    }
    return log.read(after, limit, roomId)
        .map(
            page -> {
              JsonArray events = new JsonArray();
              page.events().forEach(e -> events.add(new JsonObject(e.toJsonString())));
              return new JsonObject()
                  .put("events", events)
                  .put("oldestSeq", page.oldestSeq())
                  .put("lastSeq", page.lastSeq())
                  .put("next", page.next());
            });
  }

  static long longParam(String raw, String name, long min, long max, long fallback) {
    return AdminParams.bounded(
        raw,
        min,
        max,
        fallback,
        () ->
            name
                + " must be an integer in "
                + min
                + ".."
                + max
                + ("limit".equals(name) ? " (at most gateway.adminMaxPageSize)" : ""));
  }
}
