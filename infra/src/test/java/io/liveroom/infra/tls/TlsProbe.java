package io.liveroom.infra.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A raw TLS client for tests: connects, offers ALPN h2 and http/1.1, completes the handshake
 * trusting any certificate, and reports what the server presented; optionally sends one HTTP/1.1
 * request.
 */
public final class TlsProbe {
  /** What one handshake (and request) saw. */
  public record Seen(X509Certificate certificate, String alpn, String response) {
    public String fingerprint() {
      return TlsMaterial.fingerprintSha256(certificate);
    }
  }

  private TlsProbe() {}

  public static Seen connect(String host, int port, String requestPath) throws IOException {
    try (SSLSocket tls = open(host, port)) {
      X509Certificate peer = (X509Certificate) tls.getSession().getPeerCertificates()[0];
      String response = null;
      if (requestPath != null) {
        tls.getOutputStream()
            .write(
                ("GET "
                        + requestPath
                        + " HTTP/1.1\r\nHost: "
                        + host
                        + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        tls.getOutputStream().flush();
        response = new String(tls.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      }
      return new Seen(peer, tls.getApplicationProtocol(), response);
    }
  }

  /** A TLS connection after its handshake (5 s read timeout); the caller closes it. */
  public static SSLSocket open(String host, int port) throws IOException {
    Socket raw = new Socket();
    try {
      raw.connect(new InetSocketAddress(host, port), 2_000);
      raw.setSoTimeout(5_000);
      SSLSocket tls = (SSLSocket) trustAll().getSocketFactory().createSocket(raw, host, port, true);
      SSLParameters params = tls.getSSLParameters();
      params.setApplicationProtocols(new String[] {"h2", "http/1.1"});
      tls.setSSLParameters(params);
      tls.startHandshake();
      return tls;
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * Polls until the server presents {@code fingerprint} (connection errors count as not yet); the
   * last seen one otherwise.
   */
  public static String awaitFingerprint(String host, int port, String fingerprint, long timeoutMs) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    String last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = connect(host, port, null).fingerprint();
        if (last.equals(fingerprint)) {
          return last;
        }
      } catch (IOException e) {
        last = e.toString();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return last;
  }

  private static SSLContext trustAll() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          null,
          new TrustManager[] {
            new X509TrustManager() {
              @Override
              public void checkClientTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public void checkServerTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
              }
            }
          },
          null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
