package io.liveroom.infra.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for servers a test starts in another process or later in this one.
 *
 * <p>An OS-chosen port ({@code new ServerSocket(0)}) comes from the ephemeral range, the same range
 * the kernel draws from for every outgoing connection: between the moment the test reads it and the
 * moment the child process binds it, any client socket on the machine (Hazelcast, Redis, Chromium)
 * may take it, and the child fails with "Address already in use". Ports handed out here lie below
 * the ephemeral range, are free for both TCP and UDP when handed out, and are never handed out
 * twice by one JVM.
 */
public final class Ports {
  private static final int LOWEST = 10_000;
  private static final int EPHEMERAL_FALLBACK_START = 32_768;
  private static final int SPAN = ephemeralStart() - LOWEST;
  private static final AtomicInteger NEXT =
      new AtomicInteger(ThreadLocalRandom.current().nextInt(SPAN));

  private Ports() {}

  /** A port free on 127.0.0.1 (TCP and UDP) outside the kernel's ephemeral range. */
  public static int free() {
    return free(InetAddress.getLoopbackAddress());
  }

  /** A port free on {@code host} (TCP and UDP) outside the kernel's ephemeral range. */
  public static int free(InetAddress host) {
    for (int tries = 0; tries < SPAN; tries++) {
      int port = LOWEST + Math.floorMod(NEXT.getAndIncrement(), SPAN);
      if (bindable(host, port)) {
        return port;
      }
    }
    throw new UncheckedIOException(
        new IOException("no free port on " + host + " in " + LOWEST + ".." + (LOWEST + SPAN)));
  }

  private static boolean bindable(InetAddress host, int port) {
    try (ServerSocket tcp = new ServerSocket()) {
      tcp.setReuseAddress(false);
      tcp.bind(new InetSocketAddress(host, port), 1);
      try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(host, port))) {
        return udp.getLocalPort() == port;
      }
    } catch (IOException e) {
      return false;
    }
  }

  /** The first port of {@code net.ipv4.ip_local_port_range} (32768 when unreadable). */
  static int ephemeralStart() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      int start = Integer.parseInt(range.split("\\s+")[0]);
      return start > LOWEST + 1000 ? start : EPHEMERAL_FALLBACK_START;
    } catch (IOException | RuntimeException e) {
      return EPHEMERAL_FALLBACK_START;
    }
  }
}
