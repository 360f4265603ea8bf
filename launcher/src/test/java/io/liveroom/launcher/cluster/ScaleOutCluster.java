package io.liveroom.launcher.cluster;

import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.NodeProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What {@link ScaleOutIT}'s cluster ({@link io.liveroom.launcher.harness.TestCluster}) adds: media
 * nodes each on its own UDP port bound to 127.0.0.1, with a small capacity and short leases so
 * tests run in seconds, and probes of the gateways' admin API.
 */
final class ScaleOutCluster {
  static final int MAX_STREAMS = 12;
  static final long MEDIA_LEASE_MS = 3_000;
  static final long DRAIN_TIMEOUT_MS = 6_000;

  private ScaleOutCluster() {}

  /** The arguments of a media node: its own UDP port, small capacity, short lease and drain. */
  static String[] mediaArgs() {
    return new String[] {
      "--set",
      "media.port=" + NodeProcess.freePort(),
      "--set",
      "media.bindAddress=127.0.0.1",
      "--set",
      "media.maxStreams=" + MAX_STREAMS,
      "--set",
      "media.leaseMs=" + MEDIA_LEASE_MS,
      "--set",
      "media.drainTimeoutMs=" + DRAIN_TIMEOUT_MS,
      "--set",
      "media.connectTimeoutMs=5000"
    };
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

  /**
   * Polls {@code probe} every 100 ms until it holds; fails with {@code what} after {@code timeout}.
   */
  static <T> T until(
      Duration timeout, java.util.function.Supplier<T> probe, Predicate<T> done, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + timeout + " waiting for " + what + "; last: " + last);
      }
      NodeProcess.pause(100);
      last = probe.get();
    }
    return last;
  }
}
