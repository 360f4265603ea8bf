package io.liveroom.launcher;

import io.liveroom.infra.testing.RedisServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The scale-out cluster of {@link ScaleOutIT}: JVMs from the jar on 127.0.0.1 in one Hazelcast
 * cluster (TCP-IP members fixed up front, one spare for a media node started later) with a real
 * Redis: a services node (room, presence, chat), gateways and media nodes, each media node on its
 * own UDP port bound to 127.0.0.1, with a small capacity and short leases so tests run in seconds.
 */
final class ScaleOutCluster implements AutoCloseable {
  static final int MAX_STREAMS = 12;
  static final long MEDIA_LEASE_MS = 3_000;
  static final long DRAIN_TIMEOUT_MS = 6_000;
  private final RedisServer redis;
  private final String name = "scale-" + UUID.randomUUID().toString().substring(0, 8);
  private final Map<String, Integer> hzPorts = new LinkedHashMap<>();
  private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();

  ScaleOutCluster(RedisServer redis, List<String> ids) {
    this.redis = redis;
    ids.forEach(id -> hzPorts.put(id, NodeProcess.freePort()));
  }

  private String members() {
    List<String> m = new ArrayList<>();
    hzPorts.values().forEach(p -> m.add("127.0.0.1:" + p));
    return String.join(",", m);
  }

  NodeProcess start(String id, String roles, String... settings) {
    int http = NodeProcess.freePort();
    List<String> args = new ArrayList<>(List.of("--cluster", "--roles", roles, "--node-id", id, "--redis",
        redis.url(), "--members", members(), "--cluster-name", name, "--cluster-host", "127.0.0.1",
        "--cluster-port", Integer.toString(hzPorts.get(id)), "--port", Integer.toString(http), "--host", "127.0.0.1",
        "--set", "node.shutdownTimeoutMs=30000",
        "--set", "auth.devMode=true")); // the tests mint dev tokens: a dev-mode cluster must be asked for
    for (String s : settings) {
      args.add("--set");
      args.add(s);
    }
    NodeProcess node = NodeProcess.start(id, http, Map.of(), args.toArray(String[]::new));
    nodes.put(id, node);
    return node;
  }

  NodeProcess startMedia(String id) {
    return start(id, "media", "media.port=" + NodeProcess.freePort(), "media.bindAddress=127.0.0.1",
        "media.maxStreams=" + MAX_STREAMS, "media.leaseMs=" + MEDIA_LEASE_MS,
        "media.drainTimeoutMs=" + DRAIN_TIMEOUT_MS, "media.connectTimeoutMs=5000");
  }

  NodeProcess startServices() {
    return start("services", "room,presence,chat", "room.placementCheckMs=500", "room.placementLeaseMs=3000");
  }

  NodeProcess node(String id) {
    return nodes.get(id);
  }

  /** {@code GET /v1/nodes} through a gateway: nodeID -> the node's JSON. */
  static Map<String, JsonObject> mediaNodes(int gatewayPort) {
    try {
      JsonArray list = Admin.get(gatewayPort, "/v1/nodes").getJsonArray("nodes");
      Map<String, JsonObject> out = new LinkedHashMap<>();
      for (int i = 0; i < list.size(); i++) {
        out.put(list.getJsonObject(i).getString("nodeID"), list.getJsonObject(i));
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The media node of a room per {@code GET /v1/rooms/{roomID}}, or null. */
  static String roomNode(int gatewayPort, String roomId) {
    try {
      JsonObject media = Admin.get(gatewayPort, "/v1/rooms/" + roomId).getJsonObject("mediaNode");
      return media == null ? null : media.getString("nodeID");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Polls {@code probe} every 100 ms until it holds; fails with {@code what} after {@code timeout}. */
  static <T> T until(Duration timeout, java.util.function.Supplier<T> probe, Predicate<T> done, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last: " + last);
      }
      NodeProcess.pause(100);
      last = probe.get();
    }
    return last;
  }

  @Override
  public void close() {
    nodes.values().forEach(NodeProcess::close);
  }
}
