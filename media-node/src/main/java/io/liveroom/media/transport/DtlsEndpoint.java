package io.liveroom.media.transport;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;

/**
 * DTLS-SRTP (RFC 5764) over an ICE path with BouncyCastle: DTLS 1.2, ECDHE-ECDSA, the remote
 * certificate checked against the SDP fingerprint, SRTP keys exported. The SFU is always the
 * server; the client role exists for the Java WebRTC test client.
 */
public final class DtlsEndpoint {
  /** The negotiated SRTP protection profile and the exported keying material. */
  public record Keys(int srtpProfile, byte[] keyingMaterial) {}

  private static final int[] SRTP_PROFILES = {
    SrtpSession.AEAD_AES_128_GCM, SrtpSession.AES128_CM_HMAC_SHA1_80
  };
  private static final int[] CIPHER_SUITES = {
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
  };
  private static final int HANDSHAKE_TIMEOUT_MS = 15_000;

  private final DtlsCertificate certificate;
  private final String remoteHash;
  private final String remoteFingerprint;
  private final boolean server;
  private final IceDatagramTransport transport;
  private volatile DTLSTransport dtls;
  private volatile boolean closed;

  public DtlsEndpoint(
      DtlsCertificate certificate,
      String remoteHash,
      String remoteFingerprint,
      boolean server,
      IceDatagramTransport.Sender sender) {
    this.certificate = certificate;
    this.remoteHash = remoteHash;
    this.remoteFingerprint = remoteFingerprint;
    this.server = server;
    this.transport = new IceDatagramTransport(sender);
  }

  /** A DTLS record (first byte 20-63) arrived from the peer. */
  public void onPacket(byte[] buf, int off, int len) {
    transport.offer(buf, off, len);
  }

  /**
   * Runs the handshake; blocks until done, so call it off the event loop and off packet threads.
   */
  public Keys handshake() throws IOException {
    Keys[] keys = new Keys[1];
    if (server) {
      Server s = new Server(keys);
      DTLSServerProtocol protocol = new DTLSServerProtocol();
      dtls = protocol.accept(s, transport);
    } else {
      Client c = new Client(keys);
      dtls = new DTLSClientProtocol().connect(c, transport);
    }
    if (keys[0] == null) {
      throw new IOException("DTLS finished without SRTP keys");
    }
    return keys[0];
  }

  /**
   * Lets BouncyCastle process records that arrive after the handshake (a retransmitted final
   * flight, close_notify). Returns false once the peer closed the association.
   */
  public boolean pump() {
    DTLSTransport t = dtls;
    if (t == null || closed) {
      return !closed;
    }
    byte[] scratch = new byte[1500];
    try {
      while (transport.hasPending()) {
        t.receive(scratch, 0, scratch.length, 1);
      }
      return true;
    } catch (IOException e) {
      closed = true;
      return false;
    }
  }

  public void close() {
    closed = true;
    DTLSTransport t = dtls;
    if (t != null) {
      try {
        t.close(); // sends close_notify
      } catch (IOException | RuntimeException ignored) {
        // peer may be gone already
      }
    }
    transport.close();
  }

  private void verify(Certificate peer) throws IOException {
    if (!DtlsCertificate.matches(peer, remoteHash, remoteFingerprint)) {
      throw new TlsFatalAlert(
          AlertDescription.bad_certificate, "certificate does not match the SDP fingerprint");
    }
  }

  private TlsCredentialedSigner signer(TlsContext context) {
    return new BcDefaultTlsCredentialedSigner(
        new TlsCryptoParameters(context),
        DtlsCertificate.CRYPTO,
        certificate.privateKey(),
        certificate.certificate(),
        new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
  }

  private static Keys export(TlsContext context, int profile) {
    int length = 2 * (SrtpSession.keyLength(profile) + SrtpSession.saltLength(profile));
    return new Keys(profile, context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, length));
  }

  private final class Server extends DefaultTlsServer {
    private final Keys[] keys;
    private int profile;

    Server(Keys[] keys) {
      super(DtlsCertificate.CRYPTO);
      this.keys = keys;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
      return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
      return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
      return HANDSHAKE_TIMEOUT_MS;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() {
      return signer(context);
    }

    @Override
    public CertificateRequest getCertificateRequest() {
      Vector<SignatureAndHashAlgorithm> algorithms = new Vector<>();
      algorithms.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
      algorithms.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
      return new CertificateRequest(
          new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
          algorithms,
          null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
      verify(clientCertificate);
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
      super.processClientExtensions(clientExtensions);
      UseSRTPData srtp = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
      if (srtp == null) {
        throw new TlsFatalAlert(AlertDescription.handshake_failure, "client offered no use_srtp");
      }
      for (int ours : SRTP_PROFILES) {
        for (int theirs : srtp.getProtectionProfiles()) {
          if (ours == theirs && profile == 0) {
            profile = ours;
          }
        }
      }
      if (profile == 0) {
        throw new TlsFatalAlert(
            AlertDescription.handshake_failure, "no common SRTP protection profile");
      }
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
      Hashtable extensions = super.getServerExtensions();
      if (extensions == null) {
        extensions = new Hashtable();
      }
      TlsSRTPUtils.addUseSRTPExtension(
          extensions, new UseSRTPData(new int[] {profile}, TlsUtils.EMPTY_BYTES));
      return extensions;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
      super.notifyHandshakeComplete();
      keys[0] = export(context, profile);
    }
  }

  private final class Client extends DefaultTlsClient {
    private final Keys[] keys;
    private int profile;

    Client(Keys[] keys) {
      super(DtlsCertificate.CRYPTO);
      this.keys = keys;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
      return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
      return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
      return HANDSHAKE_TIMEOUT_MS;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
      Hashtable extensions = super.getClientExtensions();
      if (extensions == null) {
        extensions = new Hashtable();
      }
      TlsSRTPUtils.addUseSRTPExtension(
          extensions, new UseSRTPData(SRTP_PROFILES, TlsUtils.EMPTY_BYTES));
      return extensions;
    }

    @Override
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
      super.processServerExtensions(serverExtensions);
      UseSRTPData srtp = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
      if (srtp == null || srtp.getProtectionProfiles().length != 1) {
        throw new TlsFatalAlert(AlertDescription.handshake_failure, "server chose no SRTP profile");
      }
      profile = srtp.getProtectionProfiles()[0];
    }

    @Override
    public TlsAuthentication getAuthentication() {
      return new TlsAuthentication() {
        @Override
        public void notifyServerCertificate(TlsServerCertificate serverCertificate)
            throws IOException {
          verify(serverCertificate.getCertificate());
        }

        @Override
        public TlsCredentials getClientCredentials(CertificateRequest request) {
          return signer(context);
        }
      };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
      super.notifyHandshakeComplete();
      keys[0] = export(context, profile);
    }
  }
}
