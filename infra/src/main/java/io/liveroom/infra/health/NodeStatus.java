package io.liveroom.infra.health;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.FailureLog;
import io.liveroom.infra.contracts.Failures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What this node runs and whether it is ready: every service reports itself started or stopping;
 * named checks (cluster joined, Redis reachable) are asked on each readiness probe. Liveness also
 * lists this JVM's unexpected failures counted per kind ({@link FailureLog}).
 */
public final class NodeStatus {
  public enum State {
    STARTING,
    UP,
    STOPPING
  }

  private final String nodeId;
  private final long startedAt = System.currentTimeMillis();
  private final Map<String, State> services = new ConcurrentHashMap<>();
  private final Map<String, Supplier<Future<?>>> checks = new ConcurrentHashMap<>();

  public NodeStatus(String nodeId) {
    this.nodeId = nodeId;
  }

  public String nodeId() {
    return nodeId;
  }

  public void service(String name, State state) {
    services.put(name, state);
  }

  /** A readiness check: ready while the future it returns succeeds. */
  public void check(String name, Supplier<Future<?>> check) {
    checks.put(name, check);
  }

  public JsonObject liveness() {
    return new JsonObject()
        .put("status", "UP")
        .put("node", nodeId)
        .put("uptimeMs", System.currentTimeMillis() - startedAt)
        .put("services", serviceNames())
        .put("failures", new JsonObject(new LinkedHashMap<>(FailureLog.shared().counts())));
  }

  /** Runs every check; {@code ready} is true when all services are UP and all checks pass. */
  public Future<JsonObject> readiness() {
    JsonObject checkResults = new JsonObject();
    Future<?>[] futures =
        checks.entrySet().stream()
            .map(
                e -> {
                  Future<?> f;
                  try {
                    f = e.getValue().get();
                  } catch (RuntimeException ex) {
                    f = Future.failedFuture(ex);
                  }
                  return f.transform(
                      ar -> {
                        checkResults.put(
                            e.getKey(), ar.succeeded() ? "UP" : "DOWN: " + describe(ar.cause()));
                        return Future.succeededFuture();
                      });
                })
            .toArray(Future[]::new);
    return Future.all(List.of(futures))
        .map(
            done -> {
              JsonObject svc = new JsonObject();
              services.forEach((name, state) -> svc.put(name, state.name()));
              boolean ready =
                  !services.isEmpty()
                      && services.values().stream().allMatch(s -> s == State.UP)
                      && checkResults.stream().allMatch(e -> "UP".equals(e.getValue()));
              return new JsonObject()
                  .put("ready", ready)
                  .put("node", nodeId)
                  .put("services", svc)
                  .put("checks", checkResults);
            });
  }

  /**
   * A failed check as anyone may read it (readiness is unauthenticated): a store failure by its
   * kind, a check's own message (failed with a plain text), never an exception's text, which names
   * internal addresses.
   */
  static String describe(Throwable cause) {
    ErrorCode code = Failures.classify(cause);
    if (code != ErrorCode.INTERNAL) {
      return code.message();
    }
    return cause.getClass().getSimpleName().startsWith("NoStackTrace")
        ? cause.getMessage()
        : "internal error";
  }

  private JsonArray serviceNames() {
    return new JsonArray(services.keySet().stream().sorted().toList());
  }
}
