package io.liveroom.launcher.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.FailureLog;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.testing.RedisServer;
import io.liveroom.infra.testing.RedisServerExtension;
import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestNodes;
import io.liveroom.launcher.harness.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Redis outage under load (issue 21 item 5): a single-process node on a real redis-server that
 * the test stops. Clients get SERVICE_UNAVAILABLE (or SERVICE_TIMEOUT), the admin API and WHIP 503
 * (504), never an internal address or exception text; the log stays bounded; after Redis is back,
 * requests succeed again.
 */
class StoreOutageTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Set<Integer> OUTAGE_CODES =
      Set.of(ErrorCode.SERVICE_UNAVAILABLE.code(), ErrorCode.SERVICE_TIMEOUT.code());
  private static RunningNode node;
  private static Vertx clients;
  private static int redisPort;

  @BeforeAll
  static void start() throws Exception {
    RedisServer redis = REDIS.server();
    redisPort = redis.port();
    node =
        TestNodes.start(
            Map.of(
                "store.type",
                "redis",
                "store.redisUrl",
                redis.url(),
                "store.keyPrefix",
                RedisServer.freshPrefix(),
                "node.busTimeoutMs",
                "3000"));
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    clients.close().await(10, TimeUnit.SECONDS);
    node.stop().await(20, TimeUnit.SECONDS);
  }

  /** Collects every log record of this JVM while installed. */
  private static final class Capture extends Handler {
    final List<LogRecord> records = new ArrayList<>();

    @Override
    public synchronized void publish(LogRecord record) {
      records.add(record);
    }

    synchronized List<LogRecord> warnings() {
      return records.stream()
          .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
          .toList();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Test
  void anOutageAnswersServiceUnavailableWithoutInternalsAndLogsBoundedThenRecovers()
      throws Exception {
    int port = node.httpPort();
    try (TestClient alice = TestClient.connect(clients, port)) {
      assertTrue(alice.login("outage", "alice", true).getBoolean("ok"));
      assertTrue(extraInfo(alice, "before").getBoolean("ok"));

      Capture capture = new Capture();
      Logger root = Logger.getLogger("");
      root.addHandler(capture);
      int requests = 0;
      try {
        REDIS.crash();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        int n = 0;
        while (System.nanoTime() < end) { // ~25 requests per second, as in the report
          JsonObject reply =
              switch (n++ % 4) {
                case 0 -> extraInfo(alice, "v" + n);
                case 1 ->
                    alice.request(
                        "sendBroadcastMessage",
                        new JsonObject().put("roomID", "outage").put("message", "hi"));
                case 2 -> anotherLogin("bob-" + n);
                default -> null;
              };
          if (reply != null) {
            assertOutageReply(reply);
            requests++;
          } else {
            HttpResponse<String> admin = http("GET", "/v1/rooms", TestTokens.admin());
            assertTrue(
                admin.statusCode() == 503 || admin.statusCode() == 504,
                admin.statusCode() + " " + admin.body());
            assertClean(admin.body());
            JsonObject error = new JsonObject(admin.body()).getJsonObject("error");
            assertTrue(OUTAGE_CODES.contains(error.getInteger("code")), admin.body());
            requests++;
          }
          Thread.sleep(40);
        }
        HttpResponse<String> whip = whip();
        assertTrue(
            whip.statusCode() == 503 || whip.statusCode() == 504,
            whip.statusCode() + " " + whip.body());
        assertClean(whip.body());
      } finally {
        root.removeHandler(capture);
      }
      List<LogRecord> warnings = capture.warnings();
      List<String> lines =
          warnings.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList();
      assertTrue(requests >= 60, "the outage saw " + requests + " requests");
      long failureLines =
          warnings.stream().filter(r -> "io.liveroom.failures".equals(r.getLoggerName())).count();
      assertTrue(
          failureLines >= 1 && failureLines <= 4,
          "one line per failure kind in the 4 s outage, got " + failureLines + ": " + lines);
      // besides those: at most the gateway's one "presence reports failing" line
      assertTrue(
          warnings.size() <= failureLines + 2,
          requests
              + " failed requests (and the background tasks"
              + " failing every second) logged "
              + warnings.size()
              + " lines: "
              + lines);
      assertTrue(
          warnings.stream()
              .noneMatch(
                  r ->
                      r.getThrown() != null
                          && r.getLevel() == Level.SEVERE
                          && r.getLoggerName().equals("io.liveroom.failures")),
          "store failures log no stack traces");
      long counted =
          FailureLog.shared().counts().entrySet().stream()
              .filter(
                  e ->
                      e.getKey().startsWith(Failures.STORE_UNAVAILABLE)
                          || e.getKey().startsWith(Failures.STORE_TIMEOUT))
              .mapToLong(Map.Entry::getValue)
              .sum();
      assertTrue(
          counted >= requests / 2, "the failures are counted: " + FailureLog.shared().counts());
      JsonObject health = new JsonObject(http("GET", "/health", null).body());
      assertTrue(
          health.getJsonObject("failures").fieldNames().stream()
              .anyMatch(k -> k.startsWith(Failures.STORE_UNAVAILABLE)),
          "health lists the counters: " + health);

      REDIS.restart();
      JsonObject after =
          poll(
              () -> {
                JsonObject reply = anotherLogin("carol");
                return reply.getBoolean("ok") ? reply : null;
              });
      assertTrue(after.getBoolean("ok"));
      assertEquals(200, http("GET", "/v1/rooms", TestTokens.admin()).statusCode());
    }
  }

  /** A WHIP publish (room-service admits the WHIP client first, which needs the store). */
  private static HttpResponse<String> whip() throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.httpPort() + "/whip/outage-cam"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/sdp")
            .header("Authorization", "Bearer " + TestTokens.token("obs", "outage", true))
            .POST(HttpRequest.BodyPublishers.ofString("v=0\r\n"))
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static JsonObject extraInfo(TestClient c, String value) {
    return c.request(
        "setRoomExtraInfo",
        new JsonObject().put("roomID", "outage").put("key", "k").put("value", value));
  }

  /** A login on a fresh connection (closed again at once). */
  private static JsonObject anotherLogin(String userId) {
    try (TestClient c = TestClient.connect(clients, node.httpPort())) {
      return c.login("outage-" + userId, userId, false);
    }
  }

  private static void assertOutageReply(JsonObject reply) {
    assertFalse(reply.getBoolean("ok"), () -> "expected an error during the outage: " + reply);
    assertTrue(
        OUTAGE_CODES.contains(reply.getJsonObject("error").getInteger("code")), reply::encode);
    assertClean(reply.encode());
  }

  /** No internal address, port or exception text. */
  private static void assertClean(String text) {
    for (String leak :
        List.of("127.0.0.1", Integer.toString(redisPort), "Exception", "refused", "io.", "java.")) {
      assertFalse(text.contains(leak), () -> "reply leaks \"" + leak + "\": " + text);
    }
  }

  private static HttpResponse<String> http(String method, String path, String authorization)
      throws IOException {
    return Admin.send(node.httpPort(), method, path, null, authorization);
  }

  private static <T> T poll(java.util.function.Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("requests did not succeed within 20 s of Redis being back");
  }
}
