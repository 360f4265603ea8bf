package io.liveroom.infra.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed EC P-256 certificate and its key: the media node's DTLS identity, and the HTTPS
 * certificate of {@code --tls-self-signed} (with subjectAltNames for the node's addresses). Valid
 * from a day before now (clock skew) for {@code validity}.
 */
public record SelfSignedCertificate(KeyPair keys, X509Certificate certificate) {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** {@code subjectAltNames}: IP literals become iPAddress entries, anything else dNSName. */
  public static SelfSignedCertificate generate(
      String commonName, List<String> subjectAltNames, Duration validity) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      long now = System.currentTimeMillis();
      X500Name name = new X500Name("CN=" + commonName);
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              name,
              new BigInteger(64, RANDOM).abs(),
              new Date(now - Duration.ofDays(1).toMillis()),
              new Date(now + validity.toMillis()),
              name,
              keys.getPublic());
      if (!subjectAltNames.isEmpty()) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                subjectAltNames.stream()
                    .map(SelfSignedCertificate::generalName)
                    .toArray(GeneralName[]::new)));
      }
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
      return new SelfSignedCertificate(keys, certificate);
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("cannot create a self-signed certificate", e);
    }
  }

  static GeneralName generalName(String name) {
    return isIpLiteral(name)
        ? new GeneralName(GeneralName.iPAddress, name)
        : new GeneralName(GeneralName.dNSName, name);
  }

  static boolean isIpLiteral(String name) {
    return name.contains(":") || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }
}
