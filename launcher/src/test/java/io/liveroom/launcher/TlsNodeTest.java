package io.liveroom.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.tls.TlsFiles;
import io.liveroom.infra.tls.TlsMaterial;
import io.liveroom.infra.tls.TlsProbe;
import io.liveroom.launcher.harness.TestNodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS as the launcher wires it, seen by a raw TLS client: the gateway serves its certificate files,
 * picks up renewed ones, keeps the header deadline over TLS; a node without the gateway serves
 * /health over TLS with a self-signed certificate, and the banner names it.
 */
class TlsNodeTest {
  @Test
  void theGatewayServesTheFilesReloadsThemAndKeepsItsDeadlinesOverTls(@TempDir Path dir)
      throws Exception {
    TlsFiles files = TlsFiles.in(dir);
    TlsMaterial first = files.writeSelfSigned("first");
    RunningNode node = TestNodes.start(files.settings("http.headerTimeoutMs", "300"));
    try {
      int port = node.httpPort();
      TlsProbe.Seen seen = TlsProbe.connect("127.0.0.1", port, "/sdk/liveroom.js");
      assertEquals(first.fingerprintSha256(), seen.fingerprint());
      assertTrue(seen.response().startsWith("HTTP/1.1 200"), seen.response());

      TlsMaterial second = files.writeSelfSigned("second");
      assertEquals(
          second.fingerprintSha256(),
          TlsProbe.awaitFingerprint("127.0.0.1", port, second.fingerprintSha256(), 10_000));

      try (SSLSocket slow = TlsProbe.open("127.0.0.1", port)) {
        slow.getOutputStream()
            .write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        slow.getOutputStream().flush();
        long started = System.nanoTime();
        assertEquals(-1, slow.getInputStream().read(), "closed without a response");
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertTrue(ms < 4_000, "closed after " + ms + " ms, header deadline 300 ms");
      }
    } finally {
      node.stop().await(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void aNodeWithoutTheGatewayServesHealthOverASelfSignedCertificate() throws Exception {
    RunningNode node = TestNodes.start(Map.of("node.roles", "room", "node.tlsSelfSigned", "true"));
    Path keyFile = node.selfSigned().keyFile();
    try {
      TlsProbe.Seen seen = TlsProbe.connect("127.0.0.1", node.httpPort(), "/health");
      assertEquals(node.selfSigned().material().fingerprintSha256(), seen.fingerprint());
      assertTrue(seen.response().startsWith("HTTP/1.1 200"), seen.response());
      String banner = Main.banner(node, 1);
      assertTrue(
          banner.contains(
              "health https://127.0.0.1:"
                  + node.httpPort()
                  + "/health  tls self-signed for"
                  + " 127.0.0.1 sha-256 "
                  + seen.fingerprint()),
          banner);
    } finally {
      node.stop().await(20, TimeUnit.SECONDS);
    }
    assertTrue(!Files.exists(keyFile), "the self-signed key is deleted at stop");
  }
}
