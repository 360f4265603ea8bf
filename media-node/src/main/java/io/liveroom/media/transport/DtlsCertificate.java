package io.liveroom.media.transport;

import io.liveroom.infra.tls.SelfSignedCertificate;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** A self-signed EC P-256 certificate for DTLS, with its SHA-256 fingerprint for the SDP. */
public record DtlsCertificate(
    Certificate certificate, AsymmetricKeyParameter privateKey, String fingerprintSha256) {
  static final BcTlsCrypto CRYPTO = new BcTlsCrypto(new SecureRandom());

  public static DtlsCertificate generate(String commonName) {
    try {
      SelfSignedCertificate self =
          SelfSignedCertificate.generate(commonName, List.of(), Duration.ofDays(30));
      X509CertificateHolder holder = new X509CertificateHolder(self.certificate().getEncoded());
      BcTlsCertificate tlsCert = new BcTlsCertificate(CRYPTO, holder.toASN1Structure());
      return new DtlsCertificate(
          new Certificate(new TlsCertificate[] {tlsCert}),
          PrivateKeyFactory.createKey(self.keys().getPrivate().getEncoded()),
          fingerprint(holder.getEncoded()));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot create the DTLS certificate", e);
    }
  }

  /** Upper-case hex pairs separated by colons, as in {@code a=fingerprint:sha-256}. */
  public static String fingerprint(byte[] der) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether the peer's first certificate matches {@code expected} ({@code sha-256} only). */
  public static boolean matches(Certificate peer, String hashFunction, String expected)
      throws IOException {
    if (peer == null
        || peer.isEmpty()
        || !hashFunction.toLowerCase(Locale.ROOT).equals("sha-256")) {
      return false;
    }
    return fingerprint(peer.getCertificateAt(0).getEncoded()).equalsIgnoreCase(expected);
  }
}
