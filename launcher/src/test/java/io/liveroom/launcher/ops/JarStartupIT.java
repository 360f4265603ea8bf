package io.liveroom.launcher.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.tls.SelfSignedCertificate;
import io.liveroom.infra.tls.TlsMaterial;
import io.liveroom.infra.tls.TlsProbe;
import io.liveroom.launcher.harness.NodeProcess;
import io.liveroom.launcher.harness.TestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar as a user runs it: no arguments, health, a WebSocket login, SIGTERM, bad config. */
class JarStartupIT {

  @Test
  void startsWithNoArgumentsServesHealthAndLoginAndStopsCleanly() throws Exception {
    int port = NodeProcess.freePort();
    // no arguments: the port comes from the environment only because 8080 may be taken on a test
    // machine
    Map<String, String> env =
        Map.of(
            "LIVEROOM_NODE_HTTP_PORT",
            Integer.toString(port),
            "LIVEROOM_NODE_HTTP_HOST",
            "127.0.0.1");
    try (NodeProcess node = NodeProcess.start("single", port, env)) {
      String banner = node.awaitBanner(Duration.ofSeconds(30));
      Matcher ms = Pattern.compile("ready in (\\d+) ms").matcher(banner);
      assertTrue(ms.find(), banner);
      System.out.println("[JarStartupIT] startup: " + ms.group(1) + " ms; banner: " + banner);
      assertTrue(banner.contains("ws://127.0.0.1:" + port + "/ws"), banner);
      String devMode =
          node.awaitLine(
              l -> l.contains(" WARN ") && l.contains("DEV MODE"),
              "dev-mode warning",
              Duration.ofSeconds(5));
      for (String named :
          new String[] {"/dev/token", "auth.secret", "LIVEROOM_AUTH_SECRET", "auth.adminSecret"}) {
        assertTrue(devMode.contains(named), named + " not in: " + devMode);
      }

      var health = node.get("/health");
      assertEquals(200, health.statusCode());
      JsonArray services = new JsonObject(health.body()).getJsonArray("services");
      assertEquals(
          new JsonArray()
              .add("chat")
              .add("egress")
              .add("gateway")
              .add("media")
              .add("presence")
              .add("reconcile")
              .add("room")
              .add("webhooks"),
          services);
      node.awaitReady(Duration.ofSeconds(10));

      Vertx vertx = Vertx.vertx();
      try (TestClient alice = TestClient.connect(vertx, port);
          TestClient bob = TestClient.connect(vertx, port)) {
        assertTrue(alice.login("lobby", "alice", true).getBoolean("ok"));
        assertTrue(bob.login("lobby", "bob", true).getBoolean("ok"));
        assertEquals(
            "bob",
            alice
                .awaitEvent("roomUserUpdate", "lobby")
                .getJsonArray("userList")
                .getJsonObject(0)
                .getString("userID"));
      } finally {
        vertx.close();
      }

      node.terminate();
      Integer exit = node.awaitExit(Duration.ofSeconds(20));
      assertNotNull(exit, "did not stop within 20 s of SIGTERM:\n" + node.output());
      assertEquals(143, exit, node.output()); // 128 + SIGTERM: the JVM ran its shutdown hooks
      assertTrue(!node.output().contains("unclean stop"), node.output());
    }
  }

  @Test
  void badConfigurationExitsTwoNamingTheKey() {
    assertBadConfig(Map.of(), "node.httpPort", "--port", "abc");
    assertBadConfig(Map.of(), "node.roles", "--roles", "gateway,teleport");
    assertBadConfig(Map.of("LIVEROOM_STORE_TYPE", "mongo"), "store.type");
    assertBadConfig(Map.of(), "gateway.maxFrameBytes", "--set", "gateway.maxFrameBytes=12");
    assertBadConfig(Map.of(), "--config", "--config", "/nonexistent/liveroom.json");
    assertBadConfig(Map.of(), "--bogus", "--bogus");
    assertBadConfig(Map.of(), "log.format", "--set", "log.format=xml");
    assertBadConfig(Map.of(), "log.levels", "--set", "log.levels=io.netty");
    assertBadConfig(
        Map.of("LIVEROOM_AUTH_SECRET", "a-real-secret-0123456789"),
        "auth.devMode",
        "--set",
        "auth.devMode=true");
  }

  /**
   * A cluster is a deployment: on the published dev secrets only when asked for with
   * auth.devMode=true.
   */
  @Test
  void clusterInDevModeRefusesToStartUnlessAskedFor() {
    assertBadConfig(Map.of(), "auth.devMode", "--cluster");
  }

  @Test
  void badTlsFilesExitTwoNamingTheKey(@TempDir Path dir) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    TlsMaterial.of(SelfSignedCertificate.generate("it", List.of(), Duration.ofDays(1)))
        .write(cert, key);
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a key\n");
    assertBadConfig(
        Map.of(),
        "node.tlsCertFile",
        "--tls-cert",
        dir.resolve("missing.pem").toString(),
        "--tls-key",
        key.toString());
    assertBadConfig(
        Map.of(
            "LIVEROOM_NODE_TLS_CERT_FILE",
            cert.toString(),
            "LIVEROOM_NODE_TLS_KEY_FILE",
            garbage.toString()),
        "node.tlsKeyFile");
  }

  /**
   * {@code --tls-self-signed}: the banner's https/wss URLs and fingerprint are what a TLS client is
   * served.
   */
  @Test
  void selfSignedTlsPrintsHttpsUrlsAndTheFingerprintItServes() throws Exception {
    int port = NodeProcess.freePort();
    try (NodeProcess node =
        NodeProcess.start(
            "tls",
            port,
            Map.of(),
            "--tls-self-signed",
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--set",
            "media.port=0")) {
      String banner = node.awaitBanner(Duration.ofSeconds(30));
      System.out.println("[JarStartupIT] tls banner: " + banner);
      assertTrue(
          banner.contains(
              "demo https://127.0.0.1:"
                  + port
                  + "/  websocket wss://127.0.0.1:"
                  + port
                  + "/ws  health https://127.0.0.1:"
                  + port
                  + "/health"),
          banner);
      Matcher fp =
          Pattern.compile("tls self-signed for 127\\.0\\.0\\.1 sha-256 ([0-9A-F:]{95})")
              .matcher(banner);
      assertTrue(fp.find(), banner);
      TlsProbe.Seen seen = TlsProbe.connect("127.0.0.1", port, "/health");
      assertEquals(fp.group(1), seen.fingerprint(), banner);
      assertTrue(seen.response().startsWith("HTTP/1.1 200"), seen.response());
      node.terminate(); // a clean stop deletes the certificate's temp files
      assertEquals(143, node.awaitExit(Duration.ofSeconds(20)), node.output());
    }
  }

  @Test
  void helpListsEveryOption() {
    try (NodeProcess node = NodeProcess.start("help", 0, Map.of(), "--help")) {
      assertEquals(0, node.awaitExit(Duration.ofSeconds(30)));
      for (String flag :
          new String[] {
            "--config",
            "--port",
            "--cluster",
            "--roles",
            "--redis",
            "--members",
            "--set",
            "--tls-cert",
            "--tls-key",
            "--tls-self-signed"
          }) {
        assertTrue(node.output().contains(flag), flag + " missing from --help:\n" + node.output());
      }
    }
  }

  private static void assertBadConfig(Map<String, String> env, String key, String... args) {
    try (NodeProcess node = NodeProcess.start("bad", 0, env, args)) {
      Integer exit = node.awaitExit(Duration.ofSeconds(30));
      assertEquals(2, exit, node.output());
      String out = node.output().strip();
      assertEquals(1, out.lines().count(), "one line: " + out);
      assertTrue(out.startsWith("liveroom: configuration error: " + key), out);
    }
  }
}
