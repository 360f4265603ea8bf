package io.liveroom.infra.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.health.HealthVerticle;
import io.liveroom.infra.health.NodeStatus;
import io.liveroom.infra.http.HttpLimits;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health server of a node without the gateway (the gateway uses the same {@link ServerTls})
 * over TLS from PEM files, seen by a raw TLS client: HTTPS /health over HTTP/1.1 (ALPN h2 offered,
 * not taken), and certificate files renewed on disk are served without a restart; a half-done
 * renewal (the new certificate before its key, then a broken file) keeps the previous certificate
 * until the files are whole again.
 */
@ExtendWith(VertxExtension.class)
class ServerTlsTest {
  @Test
  void servesHttpsAndPicksUpRenewedFilesWithoutARestart(Vertx vertx, @TempDir Path dir)
      throws Exception {
    TlsFiles files = TlsFiles.in(dir);
    Path cert = files.cert();
    Path key = files.key();
    TlsMaterial first = files.writeSelfSigned("first");
    Config config = Config.of(files.settings());
    NodeStatus status = new NodeStatus("n1");
    status.service("room", NodeStatus.State.UP);
    HealthVerticle health =
        new HealthVerticle(
            status,
            new HealthVerticle.Listener(
                "127.0.0.1", 0, HttpLimits.from(config), TlsConfig.from(config)));
    vertx.deployVerticle(health).await(10, TimeUnit.SECONDS);
    int port = health.actualPort();

    TlsProbe.Seen seen = TlsProbe.connect("127.0.0.1", port, "/health");
    assertEquals(first.fingerprintSha256(), seen.fingerprint());
    assertTrue(seen.response().startsWith("HTTP/1.1 200"), seen.response());
    assertTrue(seen.response().contains("\"status\":\"UP\""), seen.response());
    assertTrue(
        seen.alpn() == null || seen.alpn().isEmpty(), "no ALPN, so no HTTP/2: " + seen.alpn());

    // renewal written the way a careless tool does it: the certificate first, the key a moment
    // later
    TlsMaterial second = TlsFiles.selfSigned("second");
    Files.writeString(cert, second.certPem());
    assertServedThroughout(
        port, first, 600); // 6 checks: a certificate without its key is not taken
    Files.writeString(key, second.keyPem());
    assertEquals(
        second.fingerprintSha256(),
        TlsProbe.awaitFingerprint("127.0.0.1", port, second.fingerprintSha256(), 10_000),
        "the renewed certificate is served within the deadline");

    // a broken file keeps the current certificate; whole files again are taken
    Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
    assertServedThroughout(port, second, 600);
    TlsMaterial third = files.writeSelfSigned("third");
    assertEquals(
        third.fingerprintSha256(),
        TlsProbe.awaitFingerprint("127.0.0.1", port, third.fingerprintSha256(), 10_000));
    assertNotEquals(first.fingerprintSha256(), third.fingerprintSha256());
  }

  /**
   * Absence of a change needs a window: every handshake during {@code ms} (several checks) presents
   * {@code expected}.
   */
  private static void assertServedThroughout(int port, TlsMaterial expected, long ms)
      throws Exception {
    long end = System.nanoTime() + ms * 1_000_000;
    int handshakes = 0;
    while (System.nanoTime() < end) {
      assertEquals(
          expected.fingerprintSha256(),
          TlsProbe.connect("127.0.0.1", port, null).fingerprint(),
          "after " + handshakes + " handshakes");
      handshakes++;
    }
  }
}
