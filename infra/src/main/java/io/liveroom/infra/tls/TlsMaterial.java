package io.liveroom.infra.tls;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A server certificate chain and its private key, read from PEM files and checked: the chain
 * parses, its first certificate is valid now, the key (PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted)
 * parses and belongs to that certificate. Handed to Vert.x as PKCS#8 PEM whatever the file's
 * format.
 */
public record TlsMaterial(List<X509Certificate> chain, PrivateKey key) {

  /** A file that does not hold what it should; {@link #keyFile()} says which of the two. */
  public static final class Invalid extends Exception {
    private final boolean keyFile;

    Invalid(boolean keyFile, String message) {
      super(message, null, false, false);
      this.keyFile = keyFile;
    }

    public boolean keyFile() {
      return keyFile;
    }
  }

  public static TlsMaterial of(SelfSignedCertificate self) {
    return new TlsMaterial(List.of(self.certificate()), self.keys().getPrivate());
  }

  public static TlsMaterial load(Path certFile, Path keyFile) throws Invalid {
    List<X509Certificate> chain = readChain(certFile);
    PrivateKey key = readKey(keyFile);
    X509Certificate leaf = chain.get(0);
    try {
      leaf.checkValidity();
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw new Invalid(
          false,
          certFile
              + ": the certificate is valid only from "
              + leaf.getNotBefore().toInstant()
              + " to "
              + leaf.getNotAfter().toInstant());
    }
    if (!belongsTo(key, leaf)) {
      throw new Invalid(
          true, keyFile + ": the private key does not belong to the certificate in " + certFile);
    }
    return new TlsMaterial(List.copyOf(chain), key);
  }

  private static List<X509Certificate> readChain(Path file) throws Invalid {
    byte[] bytes = read(file, false);
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes))) {
        chain.add((X509Certificate) c);
      }
      if (chain.isEmpty()) {
        throw new Invalid(false, file + ": no PEM certificate in it");
      }
      return chain;
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new Invalid(false, file + ": not a PEM certificate chain (" + e.getMessage() + ")");
    }
  }

  private static PrivateKey readKey(Path file) throws Invalid {
    try (Reader reader = new StringReader(new String(read(file, true), StandardCharsets.US_ASCII));
        PEMParser parser = new PEMParser(reader)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        } else if (o instanceof PEMKeyPair pair) {
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        } else if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new Invalid(
              true, file + ": the private key is encrypted; give it unencrypted (file mode 0600)");
        }
      }
      throw new Invalid(true, file + ": no PEM private key in it");
    } catch (IOException | RuntimeException e) {
      throw new Invalid(true, file + ": not a PEM private key (" + e.getMessage() + ")");
    }
  }

  private static byte[] read(Path file, boolean keyFile) throws Invalid {
    try {
      return Files.readAllBytes(file);
    } catch (IOException | RuntimeException e) {
      throw new Invalid(keyFile, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Signs a random challenge with the key and verifies it with the certificate's public key. */
  private static boolean belongsTo(PrivateKey key, X509Certificate certificate) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC", "ECDSA" -> "SHA256withECDSA";
          default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA
        };
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  /**
   * The first host name the leaf certificate is for (a DNS subjectAltName without a wildcard), for
   * URLs that should match it; null when it names none (only addresses, or only wildcards).
   */
  public String hostName() {
    try {
      var names = leaf().getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          if (Integer.valueOf(2).equals(name.get(0))
              && name.get(1) instanceof String dns
              && !dns.contains("*")) {
            return dns;
          }
        }
      }
    } catch (CertificateParsingException e) {
      return null;
    }
    return null;
  }

  /** The chain as PEM. */
  public String certPem() {
    StringBuilder pem = new StringBuilder();
    try {
      for (X509Certificate c : chain) {
        pem.append(pem("CERTIFICATE", c.getEncoded()));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return pem.toString();
  }

  /** The key as PKCS#8 PEM. */
  public String keyPem() {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** What Vert.x's server takes. */
  public PemKeyCertOptions keyCertOptions() {
    return new PemKeyCertOptions()
        .setCertValue(Buffer.buffer(certPem()))
        .setKeyValue(Buffer.buffer(keyPem()));
  }

  /** SHA-256 of the leaf certificate, upper-case hex pairs with colons (as browsers show it). */
  public String fingerprintSha256() {
    return fingerprintSha256(leaf());
  }

  public static String fingerprintSha256(X509Certificate certificate) {
    try {
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Base64 SHA-256 of the leaf's SubjectPublicKeyInfo (Chromium's
   * --ignore-certificate-errors-spki-list).
   */
  public String spkiSha256Base64() {
    return Base64.getEncoder().encodeToString(sha256(leaf().getPublicKey().getEncoded()));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the chain and the key as PEM; the key file is created owner-only (0600). */
  public void write(Path certFile, Path keyFile) throws IOException {
    Files.writeString(certFile, certPem());
    Path tmp =
        Files.createTempFile(
            keyFile.toAbsolutePath().getParent(),
            ".key",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, keyPem());
    Files.move(tmp, keyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
