package io.liveroom.media.transport;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few libc calls behind {@link BatchedUdpSocket}, bound once through JNA's direct mapping: an
 * IPv4 UDP socket of the node's own, and {@code sendmmsg(2)} to hand the kernel a whole batch of
 * datagrams in one system call. Linux on a 64-bit CPU only ({@link #available()}); elsewhere the
 * node sends through a {@code DatagramChannel}.
 */
final class LinuxUdp {
  static final int AF_INET6 = 10;
  static final int SOCK_DGRAM = 2;
  static final int SOCK_NONBLOCK = 04000;
  static final int SOCK_CLOEXEC = 02000000;
  static final int SOL_SOCKET = 1;
  static final int SO_REUSEADDR = 2;
  static final int SO_SNDBUF = 7;
  static final int SO_RCVBUF = 8;
  static final int IPPROTO_IPV6 = 41;
  static final int IPV6_V6ONLY = 26;

  /** {@code struct sockaddr_in6}. */
  static final int SOCKADDR_IN6 = 28;

  /** Room kept per {@code sockaddr_in6} (8-byte aligned). */
  static final int SOCKADDR_SLOT = 32;

  /** {@code struct iovec}: base pointer, length. */
  static final int IOVEC = 16;

  /** {@code struct mmsghdr}: a {@code struct msghdr} (56 bytes) and the sent length, padded. */
  static final int MMSGHDR = 64;

  static final int MSG_NAME = 0;
  static final int MSG_NAMELEN = 8;
  static final int MSG_IOV = 16;
  static final int MSG_IOVLEN = 24;

  private static final Throwable UNAVAILABLE = register();

  private LinuxUdp() {}

  private static Throwable register() {
    if (!Platform.isLinux() || !Platform.is64Bit() || Native.POINTER_SIZE != 8) {
      return new UnsupportedOperationException("not 64-bit Linux");
    }
    try {
      Native.register(LinuxUdp.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
      return null;
    } catch (Throwable e) { // no JNA native part here, or no libc symbol: the channel path
      return e;
    }
  }

  /** Null when the calls are bound, else why not. */
  static Throwable unavailable() {
    return UNAVAILABLE;
  }

  static boolean available() {
    return UNAVAILABLE == null;
  }

  static native int socket(int domain, int type, int protocol);

  static native int setsockopt(int fd, int level, int name, Pointer value, int length);

  static native int bind(int fd, Pointer address, int length);

  static native int getsockname(int fd, Pointer address, Pointer length);

  static native int sendmmsg(int fd, Pointer messages, int count, int flags);

  static native int close(int fd);
}
