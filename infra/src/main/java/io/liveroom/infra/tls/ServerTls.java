package io.liveroom.infra.tls;

import io.liveroom.infra.http.HttpLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TLS for a node's HTTP server (the gateway's, or the health server of a node without one): HTTPS
 * and WSS over HTTP/1.1 only (no ALPN, so no HTTP/2: the connection deadlines of infra's {@code
 * http} package expect HTTP/1.1), the TLS handshake bounded by {@code http.headerTimeoutMs}; and
 * the reload of renewed certificate files without a restart: every {@code node.tlsReloadCheckMs}
 * the files' modification times and sizes are compared with the last ones seen (symlinks followed,
 * so a Kubernetes secret's swap counts), and changed files that load and match go to {@link
 * HttpServer#updateSSLOptions}; new connections get them, open ones keep theirs. Files caught
 * half-written (or a key not yet matching the new certificate) are retried at the next check.
 */
public final class ServerTls {
  private static final System.Logger LOG = System.getLogger(ServerTls.class.getName());
  private final Vertx vertx;
  private final TlsConfig tls;
  private final HttpLimits limits;
  private volatile List<Object> seen;
  private volatile List<Object> failed;
  private boolean checking;

  public ServerTls(Vertx vertx, TlsConfig tls, HttpLimits limits) {
    this.vertx = vertx;
    this.tls = tls;
    this.limits = limits;
  }

  /**
   * {@code options} with TLS when configured (the files are read now: a bad one fails the start).
   */
  public HttpServerOptions apply(HttpServerOptions options) {
    if (!tls.fromFiles()) {
      if (tls.selfSigned()) {
        throw new IllegalStateException(
            "node.tlsSelfSigned: make the certificate first (SelfSignedTls, as the launcher does)");
      }
      return options;
    }
    seen = stamp();
    ServerSSLOptions ssl = sslOptions(tls.load());
    return options
        .setSsl(true)
        .setUseAlpn(false)
        .setKeyCertOptions(ssl.getKeyCertOptions())
        .setSslHandshakeTimeout(ssl.getSslHandshakeTimeout())
        .setSslHandshakeTimeoutUnit(ssl.getSslHandshakeTimeoutUnit());
  }

  /**
   * Starts watching the files for {@code server} (when TLS comes from files and the check is on).
   */
  public void watch(HttpServer server) {
    if (tls.fromFiles() && tls.reloadCheckMs() > 0) {
      vertx.setPeriodic(
          tls.reloadCheckMs(),
          t -> {
            if (!checking) { // one check (load + update) at a time
              checking = true;
              check(server).onComplete(ar -> checking = false);
            }
          });
    }
  }

  private ServerSSLOptions sslOptions(TlsMaterial material) {
    return new ServerSSLOptions()
        .setKeyCertOptions(material.keyCertOptions())
        .setUseAlpn(false)
        .setSslHandshakeTimeout(limits.headerTimeoutMs())
        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
  }

  private Future<?> check(HttpServer server) {
    return vertx
        .executeBlocking(
            () -> {
              List<Object> now = stamp();
              if (now.equals(seen)) {
                return null;
              }
              try {
                TlsMaterial material = TlsMaterial.load(tls.certFile(), tls.keyFile());
                // still being written (one file renewed, the other not yet)? the next check takes
                // them whole
                return now.equals(stamp()) ? new Update(now, material) : null;
              } catch (TlsMaterial.Invalid e) {
                if (!now.equals(failed)) {
                  failed = now;
                  LOG.log(
                      System.Logger.Level.WARNING,
                      "TLS files changed but not reloaded (still serving the previous"
                          + " certificate; retried every "
                          + tls.reloadCheckMs()
                          + " ms): "
                          + e.getMessage());
                }
                return null;
              }
            },
            true)
        .compose(
            update ->
                update == null
                    ? Future.succeededFuture()
                    : server
                        .updateSSLOptions(sslOptions(update.material()), true)
                        .onSuccess(
                            v -> {
                              seen = update.stamp();
                              failed = null;
                              LOG.log(
                                  System.Logger.Level.INFO,
                                  "TLS certificate reloaded from "
                                      + tls.certFile()
                                      + " (sha-256 "
                                      + update.material().fingerprintSha256()
                                      + ", valid until "
                                      + update.material().leaf().getNotAfter().toInstant()
                                      + ")");
                            }))
        .onFailure(e -> LOG.log(System.Logger.Level.WARNING, "TLS reload failed: " + e));
  }

  private List<Object> stamp() {
    return List.of(stamp(tls.certFile()), stamp(tls.keyFile()));
  }

  private static String stamp(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant() + "/" + Files.size(file);
    } catch (IOException e) {
      return "missing";
    }
  }

  private record Update(List<Object> stamp, TlsMaterial material) {}
}
