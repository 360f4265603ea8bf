package io.liveroom.infra.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code node.tls*}: what is refused at start (naming the key), what loads, and the self-signed
 * names.
 */
class TlsConfigTest {
  @TempDir Path dir;

  @Test
  void offByDefault() {
    TlsConfig tls = TlsConfig.from(Config.defaults());
    assertFalse(tls.enabled());
    assertEquals(5000, tls.reloadCheckMs());
  }

  @Test
  void goodFilesLoad() throws Exception {
    TlsMaterial material = material("a", List.of("127.0.0.1"));
    Path cert = dir.resolve("c.pem");
    Path key = dir.resolve("k.pem");
    material.write(cert, key);
    TlsConfig tls = TlsConfig.from(files(cert, key));
    assertTrue(tls.enabled());
    assertEquals(material.fingerprintSha256(), tls.load().fingerprintSha256());
  }

  /**
   * Keys as openssl writes them by default for EC (SEC1) and with -traditional for RSA (PKCS#1).
   */
  @Test
  void opensslKeysInSec1AndPkcs1FormLoad() throws Exception {
    assertTrue(
        Files.isExecutable(Path.of("/usr/bin/openssl")),
        "this test needs openssl (apt-get install openssl)");
    for (List<String> genkey :
        List.of(
            List.of("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "KEY"),
            List.of("genrsa", "-traditional", "-out", "KEY", "2048"))) {
      Path key = dir.resolve(genkey.get(0) + ".key");
      Path cert = dir.resolve(genkey.get(0) + ".crt");
      List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
      genkey.forEach(arg -> command.add(arg.equals("KEY") ? key.toString() : arg));
      openssl(command);
      openssl(
          List.of(
              "/usr/bin/openssl",
              "req",
              "-x509",
              "-key",
              key.toString(),
              "-subj",
              "/CN=openssl",
              "-days",
              "1",
              "-out",
              cert.toString()));
      String pem = Files.readString(key);
      assertTrue(
          pem.contains("BEGIN EC PRIVATE KEY") || pem.contains("BEGIN RSA PRIVATE KEY"), pem);
      TlsMaterial loaded = TlsConfig.from(files(cert, key)).load();
      assertTrue(
          loaded.keyPem().startsWith("-----BEGIN PRIVATE KEY-----"), "handed to Vert.x as PKCS#8");
    }
  }

  private static void openssl(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), command + ": " + out);
  }

  @Test
  void badFilesAreRefusedNamingTheKey() throws Exception {
    TlsMaterial a = material("a", List.of());
    TlsMaterial b = material("b", List.of());
    Path cert = dir.resolve("c.pem");
    Path key = dir.resolve("k.pem");
    a.write(cert, key);
    Path otherKey = dir.resolve("other-key.pem");
    Files.writeString(otherKey, b.keyPem());
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "hello\n");
    Path missing = dir.resolve("missing.pem");

    assertRefused("node.tlsCertFile", "cannot read", files(missing, key));
    assertRefused("node.tlsCertFile", "not a PEM certificate", files(garbage, key));
    assertRefused("node.tlsKeyFile", "cannot read", files(cert, missing));
    assertRefused("node.tlsKeyFile", "no PEM private key", files(cert, garbage));
    assertRefused("node.tlsKeyFile", "does not belong", files(cert, otherKey));
    assertRefused(
        "node.tlsKeyFile",
        "both PEM files",
        Config.of(Map.of("node.tlsCertFile", cert.toString())));
    assertRefused(
        "node.tlsSelfSigned",
        "not both",
        Config.of(
            Map.of(
                "node.tlsSelfSigned",
                "true",
                "node.tlsCertFile",
                cert.toString(),
                "node.tlsKeyFile",
                key.toString())));
  }

  @Test
  void selfSignedNamesAreTheBindHostOrEveryAddressWithLocalhost() throws Exception {
    assertEquals(List.of("10.1.2.3"), SelfSignedTls.subjectAltNames("10.1.2.3"));
    List<String> all = SelfSignedTls.subjectAltNames("0.0.0.0");
    assertTrue(all.containsAll(List.of("localhost", "127.0.0.1")), all.toString());
    assertTrue(all.containsAll(SelfSignedTls.interfaceAddresses()), all.toString());
    SelfSignedTls tls = SelfSignedTls.create("127.0.0.1");
    try {
      assertEquals(
          List.of(List.of(7, "127.0.0.1")),
          tls.material().leaf().getSubjectAlternativeNames().stream().map(List::copyOf).toList());
      assertEquals("127.0.0.1", tls.primaryHost());
      TlsConfig loaded = TlsConfig.from(Config.of(tls.overrides()));
      assertEquals(tls.material().fingerprintSha256(), loaded.load().fingerprintSha256());
      assertEquals(
          "rw-------",
          java.nio.file.attribute.PosixFilePermissions.toString(
              Files.getPosixFilePermissions(tls.keyFile())));
    } finally {
      tls.delete();
    }
    assertFalse(Files.exists(tls.keyFile()));
  }

  private static void assertRefused(String key, String text, Config config) {
    ConfigException e = assertThrows(ConfigException.class, () -> TlsConfig.from(config));
    assertEquals(key, e.key(), e.getMessage());
    assertTrue(e.getMessage().contains(text), e.getMessage());
  }

  private static Config files(Path cert, Path key) {
    return Config.of(
        Map.of("node.tlsCertFile", cert.toString(), "node.tlsKeyFile", key.toString()));
  }

  private static TlsMaterial material(String name, List<String> names) {
    return TlsMaterial.of(SelfSignedCertificate.generate(name, names, Duration.ofDays(1)));
  }

  @Test
  void theHostNameForUrlsIsTheFirstPlainDnsName() {
    assertEquals(
        "live.example.org",
        TlsMaterial.of(
                SelfSignedCertificate.generate(
                    "x",
                    List.of("10.0.0.7", "*.example.org", "live.example.org", "localhost"),
                    Duration.ofDays(1)))
            .hostName());
    assertEquals(
        null,
        TlsMaterial.of(SelfSignedCertificate.generate("x", List.of("10.0.0.7"), Duration.ofDays(1)))
            .hostName(),
        "addresses only: no name");
  }
}
