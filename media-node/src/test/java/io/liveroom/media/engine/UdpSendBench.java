package io.liveroom.media.engine;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The send ceiling {@link ForwardingBench} runs against: plain {@code DatagramChannel.send} of
 * 1,228-byte datagrams round-robin to N loopback receivers that a thread keeps reading (as the
 * players do), in the sender thread's CPU time. On loopback each send also pays the receiver's
 * kernel path. {@code java -cp ... io.liveroom.media.engine.UdpSendBench [receivers] [seconds]
 * [blocking]}.
 */
public final class UdpSendBench {
  private UdpSendBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    // "blocking": one blocked reader thread per receiver (like the test clients), which the
    // kernel wakes per datagram; default: one thread polling all receivers (no wake-ups)
    boolean blocking = args.length > 2 && args[2].equals("blocking");
    InetAddress lo = InetAddress.getLoopbackAddress();
    List<DatagramChannel> receivers = new ArrayList<>();
    List<InetSocketAddress> targets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      DatagramChannel r = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
      r.configureBlocking(!blocking);
      receivers.add(r);
      if (blocking) {
        Thread t =
            new Thread(
                () -> {
                  ByteBuffer b = ByteBuffer.allocateDirect(2048);
                  try {
                    while (true) {
                      r.receive(b.clear());
                    }
                  } catch (java.io.IOException e) {
                    // closed
                  }
                });
        t.setDaemon(true);
        t.start();
      }
      targets.add((InetSocketAddress) r.getLocalAddress());
    }
    Thread reader =
        new Thread(
            () -> {
              ByteBuffer b = ByteBuffer.allocateDirect(2048);
              while (!blocking && !Thread.currentThread().isInterrupted()) {
                for (DatagramChannel r : receivers) {
                  try {
                    while (r.receive(b.clear()) != null) {
                      // drop
                    }
                  } catch (java.io.IOException e) {
                    return;
                  }
                }
              }
            });
    reader.setDaemon(true);
    reader.start();
    DatagramChannel sender = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
    ByteBuffer packet = ByteBuffer.allocateDirect(1228);
    var threads = ManagementFactory.getThreadMXBean();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long cpu0 = threads.getCurrentThreadCpuTime();
    long sent = 0;
    while (System.nanoTime() < end) {
      for (int i = 0; i < n; i++) {
        sender.send(packet.clear(), targets.get(i));
        sent++;
      }
      if ((sent & 0xFF) == 0) {
        Thread.sleep(0, 1); // leave the reader some air, like a paced stream
      }
    }
    double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
    System.out.printf(
        "receivers=%d sent=%d sender_cpu=%.3fs => %.0f sends per CPU-second%n",
        n, sent, cpu, sent / cpu);
    reader.interrupt();
  }
}
