package io.liveroom.gateway.ws;

import io.vertx.core.json.JsonObject;

/**
 * A successful reply's fields and what to do once it has been written (e.g. release queued pushes).
 */
public record Reply(JsonObject body, Runnable afterSent) {
  public static Reply of(JsonObject body) {
    return new Reply(body, null);
  }
}
