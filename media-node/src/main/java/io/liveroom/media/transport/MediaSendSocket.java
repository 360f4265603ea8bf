package io.liveroom.media.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * A send-only UDP socket of the node on the node's own media port: the forwarding path sends SRTP
 * here once ICE has chosen the peer's address, instead of through ice4j's per-packet path (a new
 * {@code DatagramPacket}, its socket wrapper and pool per send). Bound with {@code SO_REUSEADDR}
 * <em>before</em> ice4j's single-port sockets (which ice4j binds with {@code SO_REUSEADDR} too when
 * its socket pool has more than one socket): Linux delivers a unicast datagram to the most recently
 * bound of such sockets, so ice4j keeps receiving everything (STUN, DTLS, media) and packets sent
 * here leave from the port the peer's ICE pair names. One per forwarding thread, so threads never
 * contend on a channel lock.
 *
 * <p>Batched (the default on 64-bit Linux): the socket is the node's own through libc ({@link
 * BatchedUdpSocket}) and {@link #sendAll} hands a whole batch to the kernel with one {@code
 * sendmmsg(2)}; otherwise a {@code DatagramChannel} sends them one by one.
 */
public final class MediaSendSocket implements AutoCloseable {
  /** Datagrams one {@code sendmmsg(2)} call takes at most. */
  static final int BATCH = 128;

  private static volatile String lastBatchingFailure;

  private final DatagramChannel channel;
  private final BatchedUdpSocket batched;
  private final ByteBuffer[] one = new ByteBuffer[1];
  private final InetSocketAddress[] oneTarget = new InetSocketAddress[1];

  private MediaSendSocket(DatagramChannel channel, BatchedUdpSocket batched) {
    this.channel = channel;
    this.batched = batched;
  }

  /**
   * Binds on {@code address}:{@code port} (0: any free port), batched when {@code batched} is asked
   * for and this machine has {@code sendmmsg(2)} for that address family; else as {@link #bind}.
   */
  public static MediaSendSocket bind(InetAddress address, int port, boolean batched)
      throws IOException {
    if (batched && BatchedUdpSocket.available()) {
      try {
        return new MediaSendSocket(null, BatchedUdpSocket.bind(address, port, BATCH));
      } catch (IOException e) { // libc refused what the channel may do: send one by one
        lastBatchingFailure = e.getMessage();
      }
    }
    return bind(address, port);
  }

  /** Whether batches leave with one {@code sendmmsg(2)} each. */
  public boolean batched() {
    return batched != null;
  }

  /** Why this machine sends datagram by datagram even when batching is asked for; null if not. */
  public static String batchingUnavailable() {
    Throwable why = LinuxUdp.unavailable();
    return why != null ? why.toString() : lastBatchingFailure;
  }

  /**
   * Binds a non-blocking, send-only channel on {@code address}:{@code port} (0: any free port).
   * Non-blocking: a full send buffer drops that datagram (counted) instead of stalling the
   * forwarding thread for every other peer, and no interruptible-channel bookkeeping per send.
   */
  public static MediaSendSocket bind(InetAddress address, int port) throws IOException {
    DatagramChannel channel = DatagramChannel.open();
    try {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
      // it never reads: a datagram the kernel should ever hand it waits in a small buffer
      channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
      channel.bind(new InetSocketAddress(address, port));
      return new MediaSendSocket(channel, null);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  public int port() {
    if (batched != null) {
      return batched.port();
    }
    try {
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Sends the buffer's remaining bytes as one datagram; false if the kernel refused it or its send
   * buffer was full.
   */
  public boolean send(ByteBuffer datagram, InetSocketAddress target) {
    if (batched != null) {
      one[0] = datagram;
      oneTarget[0] = target;
      boolean ok = batched.send(one, oneTarget, 1) == 1;
      one[0] = null;
      oneTarget[0] = null;
      return ok;
    }
    try {
      return channel.send(datagram, target) > 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Sends {@code datagrams[0..count)} (direct buffers, each one's remaining bytes) to the matching
   * {@code targets}; yields how many were sent, the others refused (full send buffer) and dropped.
   * Positions are left as they were.
   */
  public int sendAll(ByteBuffer[] datagrams, InetSocketAddress[] targets, int count) {
    if (batched != null) {
      return batched.send(datagrams, targets, count);
    }
    int sent = 0;
    for (int i = 0; i < count; i++) {
      ByteBuffer d = datagrams[i];
      int position = d.position();
      if (send(d, targets[i])) {
        sent++;
      }
      d.position(position);
    }
    return sent;
  }

  @Override
  public void close() {
    if (batched != null) {
      batched.close();
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
