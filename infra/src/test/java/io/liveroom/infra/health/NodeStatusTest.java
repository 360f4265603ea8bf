package io.liveroom.infra.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Readiness is unauthenticated: a failed check says what failed, never an internal address. */
class NodeStatusTest {
  @Test
  void failedChecksAreDescribedWithoutExceptionText() {
    NodeStatus status = new NodeStatus("n1");
    status.service("gateway", NodeStatus.State.UP);
    status.check(
        "redis",
        () -> Future.failedFuture(new ConnectException("Connection refused: /10.1.2.3:6379")));
    status.check("cluster", () -> Future.failedFuture("not a member of cluster liveroom"));
    status.check(
        "bug", () -> Future.failedFuture(new IllegalStateException("secret at /opt/app/key")));
    JsonObject ready = status.readiness().toCompletionStage().toCompletableFuture().join();
    assertFalse(ready.getBoolean("ready"));
    JsonObject checks = ready.getJsonObject("checks");
    assertEquals(
        "DOWN: no instance of the service is running, or its store is unavailable; retry",
        checks.getString("redis"));
    assertEquals("DOWN: not a member of cluster liveroom", checks.getString("cluster"));
    assertEquals("DOWN: internal error", checks.getString("bug"));
    assertFalse(
        ready.encode().contains("10.1.2.3") || ready.encode().contains("/opt/app"), ready.encode());
  }
}
