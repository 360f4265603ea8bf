package io.liveroom.media.engine;

import io.liveroom.media.transport.MediaSendSocket;
import io.liveroom.media.transport.PacketBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A forwarding thread. Every packet and every state change of the streams it owns runs here, in
 * order, so stream state needs no locks. Reuses one output buffer for all re-encryption; with a
 * send socket, SRTP to peers goes into a {@link SendBatch} sent after each pass over the queue.
 */
final class Worker implements Runnable {
  /** A received SRTP/SRTCP packet; {@code buf} returns to the pool after processing. */
  record Inbound(Peer peer, byte[] buf, int off, int len) {}

  /** A decrypted RTP packet from a relay link (edge side); {@code buf} returns to the pool. */
  record RelayInbound(Stream stream, byte[] buf, int off, int len) {}

  boolean offer(RelayInbound packet) {
    if (!queue.offer(packet)) {
      dropped.increment();
      return false;
    }
    return true;
  }

  private static final long TICK_MS = 1000;

  /** Transport-cc feedback and NACKs to publishers. */
  private static final long FEEDBACK_MS = 50;

  private final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(16_384);
  private final List<Stream> streams = new ArrayList<>();

  /** Items taken per pass before the batch is sent. */
  private static final int PASS = 32;

  private final Thread thread;

  /** Outgoing SRTP/SRTCP, null: peers send through ice4j. */
  final SendBatch batch;

  final PacketBuffer in = new PacketBuffer(new byte[0]);
  final PacketBuffer out = new PacketBuffer();

  /** RTX packets to players are built here (from {@link #out}). */
  final PacketBuffer rtx = new PacketBuffer();

  final byte[] rtcp = new byte[1500];
  final LongAdder dropped = new LongAdder();
  private volatile boolean running = true;

  Worker(String name) {
    this(name, null);
  }

  Worker(String name, MediaSendSocket socket) {
    batch = socket == null ? null : new SendBatch(socket);
    thread = new Thread(this, name);
    thread.setDaemon(true);
    thread.start();
  }

  boolean offer(Inbound packet) {
    if (!queue.offer(packet)) {
      dropped.increment();
      return false;
    }
    return true;
  }

  /** Runs a state change on this thread (waits for room rather than dropping it). */
  void execute(Runnable task) {
    try {
      if (!queue.offer(task, 1, TimeUnit.SECONDS)) {
        throw new IllegalStateException("forwarding thread " + thread.getName() + " is stuck");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the caller is this forwarding thread. */
  boolean isCurrent() {
    return Thread.currentThread() == thread;
  }

  void attach(Stream stream) {
    execute(() -> streams.add(stream));
  }

  void detach(Stream stream) {
    execute(() -> streams.remove(stream));
  }

  /** Waits (bounded) until every task queued so far has run. */
  void drain(long timeoutMs) {
    CountDownLatch done = new CountDownLatch(1);
    execute(done::countDown);
    try {
      done.await(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void stop() {
    running = false;
    thread.interrupt();
  }

  private void process(Object item) {
    try {
      if (item instanceof Inbound p) {
        try {
          p.peer().stream().onPacket(this, p.peer(), p.buf(), p.off(), p.len());
        } finally {
          PacketPool.release(p.buf());
        }
      } else if (item instanceof RelayInbound r) {
        try {
          r.stream().onRelayRtp(r.buf(), r.off(), r.len());
        } finally {
          PacketPool.release(r.buf());
        }
      } else if (item instanceof Runnable task) {
        task.run();
      }
    } catch (RuntimeException e) {
      System.getLogger(Worker.class.getName())
          .log(System.Logger.Level.WARNING, "forwarding error", e);
    }
  }

  @Override
  public void run() {
    long nextTick = System.currentTimeMillis() + TICK_MS;
    long nextFeedback = System.currentTimeMillis() + FEEDBACK_MS;
    while (running) {
      Object item;
      try {
        // sleeps until the next report is due (nothing to do without streams): no idle wake-ups
        long wait =
            streams.isEmpty()
                ? TICK_MS
                : Math.min(nextFeedback, nextTick) - System.currentTimeMillis();
        item = wait > 0 ? queue.poll(wait, TimeUnit.MILLISECONDS) : queue.poll();
      } catch (InterruptedException e) {
        break;
      }
      try {
        for (int n = 0; item != null; item = ++n < PASS ? queue.poll() : null) {
          process(item);
        }
        long now = System.currentTimeMillis();
        if (now >= nextFeedback) {
          nextFeedback = now + FEEDBACK_MS;
          for (Stream s : streams) {
            s.feedbackTick(this, now);
          }
        }
        if (now >= nextTick) {
          nextTick = now + TICK_MS;
          for (Stream s : List.copyOf(streams)) {
            s.tick(this, now);
          }
        }
      } catch (RuntimeException e) {
        System.getLogger(Worker.class.getName())
            .log(System.Logger.Level.WARNING, "forwarding error", e);
      } finally {
        if (batch != null) {
          batch.flush(); // what this pass and the ticks queued
        }
      }
    }
  }
}
