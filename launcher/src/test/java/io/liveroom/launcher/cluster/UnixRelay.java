package io.liveroom.launcher.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte pipes between a TCP port and a Unix domain socket, to reach a server inside a network
 * namespace from this JVM without giving the machine's own namespace any address: a socket file is
 * reachable from every namespace. This JVM listens on a free loopback port and relays each
 * connection to a socket file ({@link #toUnix}); inside the namespace a small JVM ({@link #main})
 * listens on that file and relays to the server's loopback port there.
 */
final class UnixRelay implements AutoCloseable {
  private final ServerSocketChannel server;
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private final int port;

  private UnixRelay(ServerSocketChannel server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Listens on a free 127.0.0.1 port; every connection is relayed to {@code socket}. */
  static UnixRelay toUnix(Path socket) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress("127.0.0.1", 0));
    UnixRelay relay =
        new UnixRelay(server, ((InetSocketAddress) server.getLocalAddress()).getPort());
    relay.acceptLoop(server, UnixDomainSocketAddress.of(socket), StandardProtocolFamily.UNIX);
    return relay;
  }

  /** The loopback port this JVM's clients connect to. */
  int port() {
    return port;
  }

  private void acceptLoop(
      ServerSocketChannel listener, SocketAddress target, StandardProtocolFamily family) {
    Thread t =
        new Thread(
            () -> {
              while (listener.isOpen()) {
                SocketChannel in;
                try {
                  in = listener.accept();
                } catch (IOException e) {
                  return;
                }
                SocketChannel out = null;
                try {
                  out = SocketChannel.open(family);
                  out.connect(target);
                  open.add(in);
                  open.add(out);
                  pump(in, out);
                  pump(out, in);
                } catch (IOException e) {
                  closeQuietly(in);
                  closeQuietly(out);
                }
              }
            },
            "relay-accept-" + target);
    t.setDaemon(true);
    t.start();
  }

  private void pump(SocketChannel from, SocketChannel to) {
    Thread t =
        new Thread(
            () -> {
              ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
              try {
                while (from.read(buf) >= 0) {
                  buf.flip();
                  while (buf.hasRemaining()) {
                    to.write(buf);
                  }
                  buf.clear();
                }
                to.shutdownOutput();
              } catch (IOException e) {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "relay-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(SocketChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    open.forEach(UnixRelay::closeQuietly);
  }

  /**
   * Inside a namespace: {@code socketFile=port ...}: listens on each socket file and relays every
   * connection to 127.0.0.1:port; prints {@code relay ready} once all listen, then runs until
   * killed.
   */
  public static void main(String[] args) throws Exception {
    UnixRelay relay = null;
    for (String spec : args) {
      int eq = spec.lastIndexOf('=');
      Path file = Path.of(spec.substring(0, eq));
      int target = Integer.parseInt(spec.substring(eq + 1));
      Files.deleteIfExists(file);
      ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      listener.bind(UnixDomainSocketAddress.of(file));
      relay = new UnixRelay(listener, target);
      relay.acceptLoop(
          listener, new InetSocketAddress("127.0.0.1", target), StandardProtocolFamily.INET);
    }
    System.out.println("relay ready");
    System.out.flush();
    Thread.currentThread().join();
  }
}
