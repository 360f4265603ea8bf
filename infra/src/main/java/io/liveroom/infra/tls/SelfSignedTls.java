package io.liveroom.infra.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --tls-self-signed}: a certificate made at start for a LAN demo, whose subjectAltNames are
 * the node's addresses (the bind host; for 0.0.0.0 / :: every up, non-loopback interface address
 * plus localhost and 127.0.0.1). Written as PEM to a fresh owner-only temp directory, so the
 * servers load it like any certificate files ({@link #overrides()}); {@link #delete()} removes it.
 */
public record SelfSignedTls(TlsMaterial material, List<String> names, Path certFile, Path keyFile) {
  static final Duration VALIDITY = Duration.ofDays(30);

  public static SelfSignedTls create(String bindHost) {
    List<String> names = subjectAltNames(bindHost);
    TlsMaterial material =
        TlsMaterial.of(SelfSignedCertificate.generate("liveroom self-signed", names, VALIDITY));
    try {
      Path dir =
          Files.createTempDirectory(
              "liveroom-tls-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path cert = dir.resolve("cert.pem");
      Path key = dir.resolve("key.pem");
      material.write(cert, key);
      cert.toFile().deleteOnExit();
      key.toFile().deleteOnExit();
      dir.toFile().deleteOnExit(); // registered last, deleted after the files
      return new SelfSignedTls(material, names, cert, key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the self-signed certificate", e);
    }
  }

  /**
   * The configuration that serves these files ({@code node.tlsCertFile}, {@code node.tlsKeyFile}).
   */
  public Map<String, String> overrides() {
    return Map.of(
        "node.tlsSelfSigned",
        "false",
        "node.tlsCertFile",
        certFile.toString(),
        "node.tlsKeyFile",
        keyFile.toString());
  }

  /** The address to put in URLs: the first non-loopback IPv4 name, else the first name. */
  public String primaryHost() {
    return names.stream()
        .filter(n -> n.matches("\\d+(\\.\\d+){3}") && !n.startsWith("127."))
        .findFirst()
        .orElse(names.get(0));
  }

  public void delete() {
    try {
      Files.deleteIfExists(certFile);
      Files.deleteIfExists(keyFile);
      Files.deleteIfExists(certFile.getParent());
    } catch (IOException e) {
      // a temp file left behind is removed at exit
    }
  }

  static List<String> subjectAltNames(String bindHost) {
    if (!bindHost.equals("0.0.0.0") && !bindHost.equals("::") && !bindHost.equals("[::]")) {
      return List.of(bindHost);
    }
    Set<String> names = new LinkedHashSet<>(interfaceAddresses());
    names.add("localhost");
    names.add("127.0.0.1");
    return new ArrayList<>(names);
  }

  /** Up, non-loopback, non-link-local interface addresses, IPv4 first. */
  static List<String> interfaceAddresses() {
    try {
      return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
          .filter(SelfSignedTls::up)
          .flatMap(i -> i.inetAddresses())
          .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress())
          .sorted(Comparator.comparing((InetAddress a) -> !(a instanceof Inet4Address)))
          .map(a -> a.getHostAddress().replaceFirst("%.*$", ""))
          .distinct()
          .toList();
    } catch (SocketException e) {
      return List.of();
    }
  }

  private static boolean up(NetworkInterface i) {
    try {
      return i.isUp() && !i.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }
}
