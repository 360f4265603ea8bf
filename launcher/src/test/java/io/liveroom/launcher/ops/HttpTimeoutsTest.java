package io.liveroom.launcher.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.RawHttp;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestNode;
import io.liveroom.launcher.harness.TestNodes;
import io.liveroom.launcher.harness.TestTokens;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 21 item 4: a connection that never completes its request is cut by the gateway's deadlines
 * (headers, body, keep-alive idle) while established WebSockets, which live by their heartbeat, are
 * not; /health keeps answering meanwhile; a per-address connection cap refuses and counts the
 * excess.
 */
class HttpTimeoutsTest {
  private static final long HEADER_MS = 800;
  private static final long BODY_MS = 1200;
  private static final long IDLE_MS = 1500;

  /**
   * How much later than its deadline a connection may be seen closed (scheduling on a busy
   * machine).
   */
  private static final Duration SLACK = Duration.ofSeconds(3);

  private static RunningNode node;
  private static int port;

  @RegisterExtension
  static final TestNode NODE =
      new TestNode(
          Map.of(
              "http.headerTimeoutMs",
              String.valueOf(HEADER_MS),
              "http.bodyTimeoutMs",
              String.valueOf(BODY_MS),
              "http.idleTimeoutMs",
              String.valueOf(IDLE_MS),
              "gateway.heartbeatIntervalMs",
              "1000",
              "gateway.heartbeatTimeoutMs",
              "8000"));

  @BeforeAll
  static void start() throws Exception {
    node = NODE.node();
    port = node.httpPort();
  }

  private static final String KICK_HEAD =
      "POST /v1/rooms/r1/kick HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
          + TestTokens.admin()
          + "\r\nContent-Type: application/json\r\n";

  /** A connection left incomplete on purpose, and the deadline it must be closed by. */
  private record Slow(String what, RawHttp http, long openedAt, long deadlineMs) {
    static Slow open(String what, long deadlineMs, String sent) throws IOException {
      RawHttp http = RawHttp.connect(port);
      http.send(sent);
      return new Slow(what, http, System.nanoTime(), deadlineMs);
    }

    /** Waits for the close; fails when it came later than the deadline (plus scheduling slack). */
    void awaitCut() throws IOException {
      try (http) {
        http.awaitClosed(Duration.ofMillis(deadlineMs).plus(SLACK));
      } catch (AssertionError e) {
        throw new AssertionError(what + ": " + e.getMessage(), e);
      }
      long tookMs = (System.nanoTime() - openedAt) / 1_000_000;
      assertTrue(
          tookMs < deadlineMs + SLACK.toMillis(),
          what + " was closed only after " + tookMs + " ms");
    }
  }

  @Test
  void incompleteRequestsAreCutAtTheirDeadline() throws Exception {
    JsonObject before = Admin.get(port, "/v1/connections");
    List<Slow> slow =
        List.of(
            Slow.open("nothing sent", HEADER_MS, ""),
            Slow.open("half a request line", HEADER_MS, "GET /hea"),
            Slow.open(
                "headers never finished", HEADER_MS, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"),
            Slow.open(
                "half a WebSocket upgrade",
                HEADER_MS,
                "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"),
            Slow.open(
                "body never finished",
                BODY_MS,
                KICK_HEAD + "Content-Length: 100\r\n\r\n{\"userIDs\":"),
            Slow.open(
                "idle after a response",
                IDLE_MS,
                "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    Slow trickle = Slow.open("headers trickled a byte at a time", HEADER_MS, "");

    // the trickler sends a byte every 50 ms, far inside every idle window, but never ends its
    // headers
    String header = "GET /health HTTP/1.1\r\nX-Slow: " + "a".repeat(200);
    for (int i = 0; i < header.length() && trickle.http().send(header.substring(i, i + 1)); i++) {
      if (System.nanoTime() - trickle.openedAt()
          > Duration.ofMillis(HEADER_MS).plus(SLACK).toNanos()) {
        throw new AssertionError("a connection trickling its headers was never cut");
      }
      Thread.sleep(50);
    }
    trickle.awaitCut();
    for (Slow connection : slow) {
      connection.awaitCut();
    }
    assertEquals(
        200, slow.get(5).http().status(Duration.ofSeconds(1)), "answered before going idle");
    JsonObject after = Admin.get(port, "/v1/connections");
    assertTrue(
        after.getLong("closedHeaderTimeout") - before.getLong("closedHeaderTimeout") >= 5,
        after::encode);
    assertTrue(
        after.getLong("closedBodyTimeout") - before.getLong("closedBodyTimeout") >= 1,
        after::encode);
    assertTrue(
        after.getLong("closedIdleTimeout") - before.getLong("closedIdleTimeout") >= 1,
        after::encode);
  }

  @Test
  void healthAnswersWhileHundredsOfSlowConnectionsAreHeld() throws Exception {
    List<RawHttp> held = new ArrayList<>();
    try {
      for (int i = 0; i < 300; i++) {
        RawHttp http = RawHttp.connect(port);
        http.send("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        held.add(http);
      }
      assertEquals("UP", Admin.get(port, "/health").getString("status"));
      for (RawHttp http : held) {
        http.awaitClosed(Duration.ofMillis(HEADER_MS).plus(SLACK));
      }
    } finally {
      for (RawHttp http : held) {
        http.close();
      }
    }
  }

  @Test
  void aWebSocketIdleLongerThanTheHttpDeadlinesStaysConnected() throws Exception {
    try (TestClient client = TestClient.connect(NODE.vertx(), port)) {
      client.opened();
      // silent for twice the HTTP idle deadline, well within the 8 s heartbeat timeout
      Thread.sleep(2 * IDLE_MS);
      assertFalse(client.isClosed(), "the WebSocket was closed by an HTTP deadline");
      assertTrue(client.request("heartbeat", new JsonObject()).getBoolean("ok"));
    }
  }

  @Test
  void theConnectionsPerAddressCapRefusesAndCountsTheExcess() throws Exception {
    RunningNode capped = TestNodes.start(Map.of("http.maxConnectionsPerIp", "4"));
    int cappedPort = capped.httpPort();
    List<RawHttp> held = new ArrayList<>();
    try {
      // the admin client's kept-alive connection is the first of the 4
      assertEquals(0, Admin.get(cappedPort, "/v1/connections").getLong("refusedOverIpCap"));
      for (int i = 1; i < 4; i++) {
        RawHttp http = RawHttp.connect(cappedPort);
        http.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertEquals(
            200, http.status(Duration.ofSeconds(5)), "connection " + (i + 1) + " of 4 is served");
        held.add(http);
      }
      try (RawHttp fifth = RawHttp.connect(cappedPort)) {
        fifth.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        fifth.awaitClosed(Duration.ofSeconds(5));
        assertFalse(
            fifth.received().startsWith("HTTP/1.1 200"),
            "the fifth connection was served: " + fifth.received());
      }
      JsonObject stats = Admin.get(cappedPort, "/v1/connections"); // on the kept-alive connection
      assertEquals(1, stats.getLong("refusedOverIpCap"), stats::encode);
      assertEquals(4, stats.getLong("open"), stats::encode);
      held.remove(0).close();
      poll(
          () -> { // a slot is free again once the server saw the close
            try (RawHttp again = RawHttp.connect(cappedPort)) {
              again.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
              return again.status(Duration.ofSeconds(5)) == 200 ? Boolean.TRUE : null;
            } catch (IOException e) {
              return null;
            }
          });
    } finally {
      for (RawHttp http : held) {
        http.close();
      }
      capped.stop().await(20, TimeUnit.SECONDS);
    }
  }

  private static <T> T poll(java.util.function.Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out");
  }
}
