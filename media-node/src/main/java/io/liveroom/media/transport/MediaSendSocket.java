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
 */
public final class MediaSendSocket implements AutoCloseable {
  private final DatagramChannel channel;

  private MediaSendSocket(DatagramChannel channel) {
    this.channel = channel;
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
      return new MediaSendSocket(channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  public int port() {
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
    try {
      return channel.send(datagram, target) > 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
