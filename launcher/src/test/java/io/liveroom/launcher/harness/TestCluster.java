package io.liveroom.launcher.harness;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.testing.RedisServer;
import io.liveroom.infra.testing.RedisServerExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * N liveroom JVMs from the jar on 127.0.0.1 in one Hazelcast cluster (TCP-IP members fixed up
 * front) with a real redis-server, for the tests of one class (LiveKit's {@code
 * setupMultiNodeTest}). Declare it as a static {@code @RegisterExtension} field; every node
 * declared with {@link #node} is started before the first test and all of them are ready (or the
 * class fails) before it runs; a {@link #spare} keeps a member slot for a node the test starts
 * itself with {@link #start}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestCluster CLUSTER = TestCluster.named("it")
 *     .node("room", "room").node("gw1", "gateway").node("gw2", "gateway");
 * ... TestClient.connect(CLUSTER.vertx(), CLUSTER.node("gw1").httpPort) ...
 * }</pre>
 *
 * Every node runs in dev mode (the tests mint tokens with the published dev secret; a cluster needs
 * it said explicitly), with {@link #common} arguments, then its own.
 */
public final class TestCluster implements BeforeAllCallback, AfterAllCallback {
  /**
   * Quick presence and lenient gateway limits for the cross-gateway ITs: a short lease and short
   * report/push/scan intervals, no reconnect grace, no request rate limit in practice, and no
   * heartbeat timeout (the test clients send no heartbeats).
   */
  public static List<String> quickPresence(long leaseTtlMs, int maxRoomsPerSession) {
    return List.of(
        "--set",
        "presence.leaseTtlMs=" + leaseTtlMs,
        "--set",
        "presence.reportIntervalMs=500",
        "--set",
        "presence.pushIntervalMs=500",
        "--set",
        "presence.expiryScanMs=250",
        "--set",
        "presence.viewMaxAgeMs=0",
        "--set",
        "gateway.reconnectGraceMs=0",
        "--set",
        "gateway.maxRoomsPerSession=" + maxRoomsPerSession,
        "--set",
        "gateway.requestsPerSecond=10000",
        "--set",
        "gateway.requestBurst=10000",
        "--set",
        "gateway.heartbeatTimeoutMs=600000");
  }

  private record Planned(String roles, List<String> args) {}

  private final RedisServerExtension redis = new RedisServerExtension();
  private final String name;
  private final Map<String, Integer> hzPorts = new LinkedHashMap<>();
  private final Map<String, Planned> planned = new LinkedHashMap<>();
  private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
  private final List<String> common = new ArrayList<>();
  private Duration readyTimeout = Duration.ofSeconds(90);
  private Vertx vertx;

  private TestCluster(String prefix) {
    this.name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A cluster whose Hazelcast cluster name starts with {@code prefix}. */
  public static TestCluster named(String prefix) {
    return new TestCluster(prefix);
  }

  /**
   * A node started before the tests: {@code --roles roles}, then {@code args} (e.g. {@code --set
   * k=v}).
   */
  public TestCluster node(String id, String roles, String... args) {
    hzPorts.put(id, NodeProcess.freePort());
    planned.put(id, new Planned(roles, List.of(args)));
    return this;
  }

  /** A member slot for a node the test starts later with {@link #start}. */
  public TestCluster spare(String id) {
    hzPorts.put(id, NodeProcess.freePort());
    return this;
  }

  /** Arguments every node gets after the cluster's own and before its own. */
  public TestCluster common(String... args) {
    common.addAll(List.of(args));
    return this;
  }

  /** How long the planned nodes have to answer {@code GET /ready} (default 90 s). */
  public TestCluster readyWithin(Duration timeout) {
    this.readyTimeout = timeout;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    redis.beforeAll(context);
    planned.forEach((id, p) -> start(id, p.roles(), p.args().toArray(String[]::new)));
    nodes.values().forEach(n -> n.awaitReady(readyTimeout));
    vertx = Vertx.vertx();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (vertx != null) {
        vertx.close();
      }
      nodes.values().forEach(NodeProcess::close);
    } finally {
      redis.afterAll(context);
    }
  }

  /**
   * Starts node {@code id} (declared with {@link #node} or {@link #spare}) now; does not wait for
   * it.
   */
  public NodeProcess start(String id, String roles, String... args) {
    Integer hzPort = hzPorts.get(id);
    if (hzPort == null) {
      throw new IllegalArgumentException(
          id + " is no member of this cluster (declare it with node or spare)");
    }
    int http = NodeProcess.freePort();
    List<String> all =
        new ArrayList<>(
            List.of(
                "--cluster",
                "--set",
                "auth.devMode=true",
                "--roles",
                roles,
                "--node-id",
                id,
                "--redis",
                redis.server().url(),
                "--members",
                members(),
                "--cluster-name",
                name,
                "--cluster-port",
                Integer.toString(hzPort),
                "--port",
                Integer.toString(http),
                "--host",
                "127.0.0.1"));
    all.addAll(common);
    all.addAll(List.of(args));
    NodeProcess node = NodeProcess.start(id, http, Map.of(), all.toArray(String[]::new));
    nodes.put(id, node);
    return node;
  }

  private String members() {
    List<String> m = new ArrayList<>();
    hzPorts.values().forEach(p -> m.add("127.0.0.1:" + p));
    return String.join(",", m);
  }

  /** A started node. */
  public NodeProcess node(String id) {
    NodeProcess node = nodes.get(id);
    if (node == null) {
      throw new IllegalArgumentException(id + " has not been started");
    }
    return node;
  }

  /** The started nodes, in start order. */
  public List<NodeProcess> nodes() {
    return List.copyOf(nodes.values());
  }

  /** The redis-server of the cluster (tests may crash and restart it). */
  public RedisServerExtension redis() {
    return redis;
  }

  public RedisServer redisServer() {
    return redis.server();
  }

  /** A Vert.x instance for the test's clients, closed after the class. */
  public Vertx vertx() {
    return vertx;
  }

  /** Logs in, retrying while the cluster is still spreading room-service's registration. */
  public static JsonObject loginWhenServed(
      TestClient client, String room, String user, boolean userUpdate) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonObject reply;
    do {
      reply = client.login(room, user, userUpdate);
      if (reply.getBoolean("ok")
          || reply.getJsonObject("error").getInteger("code")
              != ErrorCode.SERVICE_UNAVAILABLE.code()) {
        return reply;
      }
      NodeProcess.pause(200);
    } while (System.nanoTime() < deadline);
    return reply;
  }
}
