package io.liveroom.media.transport;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A UDP socket of the node's own that sends a batch of datagrams with one {@code sendmmsg(2)}: a
 * forwarding pass's copies of a packet for every player cost one system call instead of one each,
 * and no per-datagram address encoding (each slot keeps the {@code sockaddr_in6} of its last
 * target). Non-blocking: a datagram the kernel refuses (full send buffer) is dropped and the rest
 * of the batch still goes. Message headers live in one direct buffer made at bind time; sending
 * allocates nothing. One thread sends; {@link #close} may come from another.
 *
 * <p>The socket is IPv6 and dual-stack (IPv4 as v4-mapped addresses), like the JDK's own sockets
 * and so like ice4j's: for an incoming datagram Linux prefers an {@code AF_INET} socket over a
 * dual-stack one, so an IPv4 socket here would take ice4j's STUN, DTLS and media; of equals, the
 * most recently bound (ice4j's, bound after this one) gets them, and this one never reads.
 */
final class BatchedUdpSocket {
  private final int fd;
  private final int port;
  private final int capacity;
  private final ByteBuffer headers; // mmsghdr[capacity], iovec[capacity], sockaddr_in6[capacity]
  private final Pointer[] headerPointers;
  private final InetSocketAddress[] encoded;
  private final ByteBuffer[] bufferOf;
  private final long[] addressOf;
  private boolean closed;

  private BatchedUdpSocket(int fd, int port, int capacity) {
    this.fd = fd;
    this.port = port;
    this.capacity = capacity;
    int size = capacity * (LinuxUdp.MMSGHDR + LinuxUdp.IOVEC + LinuxUdp.SOCKADDR_SLOT);
    this.headers = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    long at = Pointer.nativeValue(Native.getDirectBufferPointer(headers));
    this.headerPointers = new Pointer[capacity];
    this.encoded = new InetSocketAddress[capacity];
    this.bufferOf = new ByteBuffer[capacity];
    this.addressOf = new long[capacity];
    for (int i = 0; i < capacity; i++) {
      int h = i * LinuxUdp.MMSGHDR;
      headers.putLong(h + LinuxUdp.MSG_NAME, at + sockaddr(i));
      headers.putInt(h + LinuxUdp.MSG_NAMELEN, LinuxUdp.SOCKADDR_IN6);
      headers.putLong(h + LinuxUdp.MSG_IOV, at + iovec(i));
      headers.putLong(h + LinuxUdp.MSG_IOVLEN, 1);
      headerPointers[i] = new Pointer(at + h);
    }
  }

  /** Whether this machine can have such sockets (64-bit Linux, JNA's native part loads). */
  static boolean available() {
    return LinuxUdp.available();
  }

  /**
   * A non-blocking socket on {@code address}:{@code port} (0: any free port) with {@code
   * SO_REUSEADDR}, sending up to {@code capacity} datagrams per call.
   */
  static BatchedUdpSocket bind(InetAddress address, int port, int capacity) throws IOException {
    if (!available()) {
      throw new IOException("sendmmsg is not available: " + LinuxUdp.unavailable());
    }
    int fd =
        LinuxUdp.socket(
            LinuxUdp.AF_INET6,
            LinuxUdp.SOCK_DGRAM | LinuxUdp.SOCK_NONBLOCK | LinuxUdp.SOCK_CLOEXEC,
            0);
    if (fd < 0) {
      throw new IOException("socket() failed: errno " + Native.getLastError());
    }
    try {
      option(fd, LinuxUdp.IPPROTO_IPV6, LinuxUdp.IPV6_V6ONLY, 0);
      option(fd, LinuxUdp.SOL_SOCKET, LinuxUdp.SO_REUSEADDR, 1);
      option(fd, LinuxUdp.SOL_SOCKET, LinuxUdp.SO_SNDBUF, 1 << 20);
      option(fd, LinuxUdp.SOL_SOCKET, LinuxUdp.SO_RCVBUF, 4096); // it never reads
      ByteBuffer sa =
          ByteBuffer.allocateDirect(LinuxUdp.SOCKADDR_SLOT).order(ByteOrder.nativeOrder());
      encode(sa, 0, address, port);
      if (LinuxUdp.bind(fd, Native.getDirectBufferPointer(sa), LinuxUdp.SOCKADDR_IN6) != 0) {
        throw new IOException(
            "bind("
                + address.getHostAddress()
                + ":"
                + port
                + ") failed: errno "
                + Native.getLastError());
      }
      ByteBuffer len = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
      len.putInt(0, LinuxUdp.SOCKADDR_SLOT);
      if (LinuxUdp.getsockname(
              fd, Native.getDirectBufferPointer(sa), Native.getDirectBufferPointer(len))
          != 0) {
        throw new IOException("getsockname() failed: errno " + Native.getLastError());
      }
      int bound = (sa.get(2) & 0xff) << 8 | sa.get(3) & 0xff;
      return new BatchedUdpSocket(fd, bound, capacity);
    } catch (IOException | RuntimeException e) {
      LinuxUdp.close(fd);
      throw e;
    }
  }

  private static void option(int fd, int level, int name, int value) throws IOException {
    ByteBuffer v = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
    v.putInt(0, value);
    if (LinuxUdp.setsockopt(fd, level, name, Native.getDirectBufferPointer(v), 4) != 0) {
      throw new IOException(
          "setsockopt(" + level + ", " + name + ") failed: errno " + Native.getLastError());
    }
  }

  /**
   * Writes a {@code sockaddr_in6} at {@code at}: family in host order, port in network order, the
   * address (IPv4 as v4-mapped, the IPv4 wildcard as {@code ::}) and an IPv6 address's scope.
   */
  private static void encode(ByteBuffer b, int at, InetAddress address, int port) {
    b.putShort(at, (short) LinuxUdp.AF_INET6);
    b.put(at + 2, (byte) (port >>> 8));
    b.put(at + 3, (byte) port);
    b.putInt(at + 4, 0); // flow info
    byte[] a = address.getAddress();
    if (a.length == 4) {
      boolean any = address.isAnyLocalAddress();
      for (int i = 0; i < 10; i++) {
        b.put(at + 8 + i, (byte) 0);
      }
      b.put(at + 18, any ? 0 : (byte) 0xff);
      b.put(at + 19, any ? 0 : (byte) 0xff);
      for (int i = 0; i < 4; i++) {
        b.put(at + 20 + i, any ? 0 : a[i]);
      }
      b.putInt(at + 24, 0);
    } else {
      for (int i = 0; i < 16; i++) {
        b.put(at + 8 + i, a[i]);
      }
      b.putInt(at + 24, address instanceof Inet6Address v6 ? v6.getScopeId() : 0);
    }
  }

  int port() {
    return port;
  }

  /**
   * Sends {@code datagrams[0..count)} (each buffer's remaining bytes; direct buffers only) to the
   * matching {@code targets}; yields how many the kernel took. An unresolved target or a heap
   * buffer is skipped (counted as not sent). Positions are left as they were.
   */
  synchronized int send(ByteBuffer[] datagrams, InetSocketAddress[] targets, int count) {
    if (closed) {
      return 0;
    }
    int sent = 0;
    int from = 0;
    while (from < count) {
      int n = 0;
      int i = from;
      for (; i < count && n < capacity; i++) {
        if (prepare(n, datagrams[i], targets[i])) {
          n++;
        }
      }
      from = i;
      sent += sendPrepared(n);
    }
    return sent;
  }

  private boolean prepare(int slot, ByteBuffer datagram, InetSocketAddress target) {
    InetAddress a = target == null ? null : target.getAddress();
    if (a == null || !datagram.isDirect()) {
      return false;
    }
    if (bufferOf[slot] != datagram) {
      bufferOf[slot] = datagram;
      addressOf[slot] = Pointer.nativeValue(Native.getDirectBufferPointer(datagram));
    }
    int iov = iovec(slot);
    headers.putLong(iov, addressOf[slot] + datagram.position());
    headers.putLong(iov + 8, datagram.remaining());
    if (encoded[slot] != target) {
      encode(headers, sockaddr(slot), a, target.getPort());
      encoded[slot] = target;
    }
    return true;
  }

  /** Hands slots {@code [0, n)} to the kernel; a refused datagram is dropped, the rest go on. */
  private int sendPrepared(int n) {
    int sent = 0;
    int at = 0;
    while (at < n) {
      int r = LinuxUdp.sendmmsg(fd, headerPointers[at], n - at, 0);
      if (r > 0) {
        sent += r;
        at += r;
      } else {
        at++; // the datagram at `at` was refused (send buffer full, no route): dropped
      }
    }
    return sent;
  }

  private int iovec(int slot) {
    return capacity * LinuxUdp.MMSGHDR + slot * LinuxUdp.IOVEC;
  }

  private int sockaddr(int slot) {
    return capacity * (LinuxUdp.MMSGHDR + LinuxUdp.IOVEC) + slot * LinuxUdp.SOCKADDR_SLOT;
  }

  /** Closes the socket; a send running now finishes first, later ones send nothing. */
  synchronized void close() {
    if (!closed) {
      closed = true;
      LinuxUdp.close(fd);
    }
  }
}
