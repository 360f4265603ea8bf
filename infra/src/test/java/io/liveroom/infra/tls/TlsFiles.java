package io.liveroom.infra.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A certificate file and its key file in a test's folder, as a node is configured to serve them
 * (and renewed in place by the test).
 */
public record TlsFiles(Path cert, Path key) {
  /** {@code cert.pem} and {@code key.pem} in {@code dir}. */
  public static TlsFiles in(Path dir) {
    return new TlsFiles(dir.resolve("cert.pem"), dir.resolve("key.pem"));
  }

  /** A new self-signed certificate for 127.0.0.1 and localhost, valid for a day. */
  public static TlsMaterial selfSigned(String name) {
    return TlsMaterial.of(
        SelfSignedCertificate.generate(
            name, List.of("127.0.0.1", "localhost"), Duration.ofDays(1)));
  }

  /** Writes a new self-signed certificate named {@code name} to the files; returns it. */
  public TlsMaterial writeSelfSigned(String name) throws IOException {
    TlsMaterial material = selfSigned(name);
    material.write(cert, key);
    return material;
  }

  /**
   * The node settings that serve these files, checked for renewal every 100 ms, with {@code more}
   * (key, value, key, value, ...).
   */
  public Map<String, String> settings(String... more) {
    Map<String, String> out = new HashMap<>();
    out.put("node.tlsCertFile", cert.toString());
    out.put("node.tlsKeyFile", key.toString());
    out.put("node.tlsReloadCheckMs", "100");
    for (int i = 0; i + 1 < more.length; i += 2) {
      out.put(more[i], more[i + 1]);
    }
    return out;
  }
}
