package io.liveroom.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.Channels;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The receiving side of the machine floor probes ({@link FloorProbe}, {@code bench/run.sh floor}),
 * run as its own process on the load tool's core so that the sender's CPU is the only thing
 * measured on the server core. One selector thread reads every socket and counts; a line-based
 * control connection (127.0.0.1 only) tells it what to open:
 *
 * <pre>
 * udp N          -> "ports p1,p2,..."   N UDP sockets on 127.0.0.1
 * tcp N PORT     -> "ok"                N TCP connections to 127.0.0.1:PORT
 * count          -> "count D B"         datagrams and bytes read so far
 * close          -> "ok"                closes every data socket
 * </pre>
 *
 * It prints {@code control <port>} on stdout once listening, and exits when the control connection
 * closes.
 */
public final class FloorReceiver {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final Selector selector;
  private final ConcurrentLinkedQueue<SelectableChannel> pending = new ConcurrentLinkedQueue<>();
  private final List<SelectableChannel> open = new ArrayList<>();
  private final AtomicLong datagrams = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  private FloorReceiver() throws IOException {
    selector = Selector.open();
  }

  public static void main(String[] args) throws Exception {
    FloorReceiver receiver = new FloorReceiver();
    Thread reader = new Thread(receiver::read, "floor-reader");
    reader.setDaemon(true);
    reader.start();
    try (ServerSocketChannel control =
        ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
      System.out.println("control " + ((InetSocketAddress) control.getLocalAddress()).getPort());
      System.out.flush();
      try (SocketChannel c = control.accept()) {
        receiver.serve(c);
      }
    }
    System.exit(0);
  }

  private void serve(SocketChannel control) throws IOException {
    BufferedReader in =
        new BufferedReader(
            new InputStreamReader(Channels.newInputStream(control), StandardCharsets.US_ASCII));
    PrintWriter out =
        new PrintWriter(Channels.newOutputStream(control), true, StandardCharsets.US_ASCII);
    String line;
    while ((line = in.readLine()) != null) {
      String[] w = line.trim().split(" ");
      switch (w[0]) {
        case "udp" -> out.println("ports " + openUdp(Integer.parseInt(w[1])));
        case "tcp" -> {
          openTcp(Integer.parseInt(w[1]), Integer.parseInt(w[2]));
          out.println("ok");
        }
        case "count" -> out.println("count " + datagrams.get() + " " + bytes.get());
        case "close" -> {
          closeAll();
          out.println("ok");
        }
        default -> out.println("error unknown command " + w[0]);
      }
    }
  }

  private String openUdp(int n) throws IOException {
    StringJoiner ports = new StringJoiner(",");
    for (int i = 0; i < n; i++) {
      DatagramChannel c =
          DatagramChannel.open(StandardProtocolFamily.INET)
              .bind(new InetSocketAddress(LOOPBACK, 0));
      c.configureBlocking(false);
      ports.add(Integer.toString(((InetSocketAddress) c.getLocalAddress()).getPort()));
      add(c);
    }
    return ports.toString();
  }

  private void openTcp(int n, int port) throws IOException {
    for (int i = 0; i < n; i++) {
      SocketChannel c = SocketChannel.open(new InetSocketAddress(LOOPBACK, port));
      c.configureBlocking(false);
      add(c);
    }
  }

  private void add(SelectableChannel c) {
    synchronized (open) {
      open.add(c);
    }
    pending.add(c);
    selector.wakeup();
  }

  private void closeAll() throws IOException {
    synchronized (open) {
      for (SelectableChannel c : open) {
        c.close();
      }
      open.clear();
    }
    selector.wakeup();
  }

  /** The reader thread: counts every datagram and byte until the process exits. */
  private void read() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    while (true) {
      try {
        selector.select();
      } catch (IOException e) {
        System.err.println("floor reader stopped: " + e);
        return;
      }
      SelectableChannel c;
      while ((c = pending.poll()) != null) {
        try {
          c.register(selector, SelectionKey.OP_READ);
        } catch (IOException | CancelledKeyException e) {
          // closed by a "close" before it was registered
        }
      }
      for (SelectionKey key : selector.selectedKeys()) {
        try {
          drain(key, buffer);
        } catch (IOException | CancelledKeyException e) {
          key.cancel(); // closed by a "close" (or by the sender) while readable
        }
      }
      selector.selectedKeys().clear();
    }
  }

  private void drain(SelectionKey key, ByteBuffer buffer) throws IOException {
    if (key.channel() instanceof DatagramChannel d) {
      while (d.receive(buffer.clear()) != null) {
        datagrams.incrementAndGet();
        bytes.addAndGet(buffer.position());
      }
      return;
    }
    SocketChannel s = (SocketChannel) key.channel();
    int n;
    while ((n = s.read(buffer.clear())) > 0) {
      bytes.addAndGet(n);
    }
    if (n < 0) {
      key.cancel();
      s.close();
    }
  }
}
