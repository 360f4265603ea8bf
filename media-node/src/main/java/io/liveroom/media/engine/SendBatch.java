package io.liveroom.media.engine;

import io.liveroom.media.transport.MediaSendSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A forwarding thread's outgoing datagrams, sent together at the end of each pass over its queue
 * (or when full): encryption of a packet's copies for every player runs back to back, then the
 * sends (one system call for the lot on a batched socket). Slots are preallocated slices of one
 * direct buffer, so queuing a packet allocates nothing and the kernel copies straight from it.
 * Forwarding thread only.
 */
final class SendBatch {
  static final int SLOTS = 128;
  static final int SLOT_SIZE = 1536;

  private final MediaSendSocket socket;
  private final ByteBuffer[] slots = new ByteBuffer[SLOTS];
  private final InetSocketAddress[] targets = new InetSocketAddress[SLOTS];
  private final ByteBuffer large = ByteBuffer.allocateDirect(PacketPool.SIZE + 256);
  private int count;

  /** Datagrams sent, and refused (send buffer full, or an error): written here only. */
  volatile long sent;

  volatile long failed;

  SendBatch(MediaSendSocket socket) {
    this.socket = socket;
    ByteBuffer all = ByteBuffer.allocateDirect(SLOTS * SLOT_SIZE);
    for (int i = 0; i < SLOTS; i++) {
      all.limit((i + 1) * SLOT_SIZE).position(i * SLOT_SIZE);
      slots[i] = all.slice();
    }
  }

  /** Queues one datagram (copied); sends the batch first when it is full. */
  void add(byte[] b, int off, int len, InetSocketAddress target) {
    if (len > SLOT_SIZE) {
      flush();
      large.clear();
      large.put(b, off, len).flip();
      count(socket.send(large, target));
      return;
    }
    if (count == SLOTS) {
      flush();
    }
    ByteBuffer slot = slots[count];
    slot.clear();
    slot.put(b, off, len).flip();
    targets[count++] = target;
  }

  /** Sends everything queued. */
  void flush() {
    if (count == 0) {
      return;
    }
    int ok = socket.sendAll(slots, targets, count); // one sendmmsg(2) when the socket is batched
    sent += ok;
    failed += count - ok;
    Arrays.fill(targets, 0, count, null);
    count = 0;
  }

  int pending() {
    return count;
  }

  private void count(boolean ok) {
    if (ok) {
      sent++;
    } else {
      failed++;
    }
  }
}
