package io.liveroom.media.engine;

import java.util.concurrent.ArrayBlockingQueue;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;

/** Receive buffers shared by ice4j's push API and the forwarding threads; arrays are reused. */
final class PacketPool {
  static final int SIZE = 2048;
  private static final ArrayBlockingQueue<byte[]> FREE = new ArrayBlockingQueue<>(8192);

  private PacketPool() {}

  /** Makes ice4j take its receive buffers from this pool (process-wide). */
  static void install() {
    BufferPool.getBuffer = (Integer size) -> new Buffer(take(size), 0, size);
    BufferPool.returnBuffer =
        (Buffer buffer) -> {
          release(buffer.getBuffer());
          return kotlin.Unit.INSTANCE;
        };
  }

  static byte[] take(int size) {
    if (size > SIZE) {
      return new byte[size];
    }
    byte[] b = FREE.poll();
    return b != null ? b : new byte[SIZE];
  }

  static void release(byte[] b) {
    if (b != null && b.length == SIZE) {
      FREE.offer(b);
    }
  }
}
