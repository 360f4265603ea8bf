package io.liveroom.infra.tls;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigException;
import io.liveroom.infra.config.ConfigSection;
import io.liveroom.infra.config.NodeConfig;
import java.nio.file.Path;

/**
 * TLS of the node's HTTP server (keys of section {@code node}): {@code tlsCertFile} and {@code
 * tlsKeyFile} (PEM; both or neither), or {@code tlsSelfSigned} (a certificate made at start, see
 * {@link SelfSignedTls}), and {@code tlsReloadCheckMs}, how often the files are checked for a
 * renewal (0: never). {@link #from} reads and checks the files: a bad one fails naming its key.
 */
public record TlsConfig(Path certFile, Path keyFile, boolean selfSigned, long reloadCheckMs) {
  /** No TLS. */
  public static final TlsConfig NONE = new TlsConfig(null, null, false, 0);

  static final String CERT_KEY = "tlsCertFile";
  static final String KEY_KEY = "tlsKeyFile";

  public static TlsConfig from(Config config) {
    ConfigSection s = config.section(NodeConfig.SECTION);
    String cert = s.getString(CERT_KEY).trim();
    String key = s.getString(KEY_KEY).trim();
    boolean selfSigned = s.getBoolean("tlsSelfSigned");
    long reloadCheckMs = s.getLong("tlsReloadCheckMs", 0, 3_600_000);
    if (selfSigned && !(cert.isEmpty() && key.isEmpty())) {
      throw s.invalid(
          "tlsSelfSigned", "a self-signed certificate or node.tlsCertFile/tlsKeyFile, not both");
    }
    if (cert.isEmpty() != key.isEmpty()) {
      throw s.invalid(
          cert.isEmpty() ? CERT_KEY : KEY_KEY,
          "set with node."
              + (cert.isEmpty() ? KEY_KEY : CERT_KEY)
              + " (both PEM files, or neither)");
    }
    TlsConfig tls =
        new TlsConfig(
            cert.isEmpty() ? null : Path.of(cert),
            key.isEmpty() ? null : Path.of(key),
            selfSigned,
            reloadCheckMs);
    if (tls.fromFiles()) {
      tls.load();
    }
    return tls;
  }

  public boolean enabled() {
    return fromFiles() || selfSigned;
  }

  public boolean fromFiles() {
    return certFile != null;
  }

  /**
   * Reads the files; a bad one is a {@link ConfigException} naming {@code node.tlsCertFile} or
   * {@code node.tlsKeyFile}.
   */
  public TlsMaterial load() {
    try {
      return TlsMaterial.load(certFile, keyFile);
    } catch (TlsMaterial.Invalid e) {
      throw new ConfigException(
          NodeConfig.SECTION + "." + (e.keyFile() ? KEY_KEY : CERT_KEY), e.getMessage());
    }
  }
}
