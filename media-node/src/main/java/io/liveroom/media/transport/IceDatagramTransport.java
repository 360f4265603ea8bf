package io.liveroom.media.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;

/** Feeds DTLS records received over ICE to BouncyCastle and sends its records over ICE. */
public final class IceDatagramTransport implements DatagramTransport {
  /** Where DTLS records go out. */
  public interface Sender {
    void send(byte[] buf, int off, int len) throws IOException;
  }

  private static final byte[] CLOSED = new byte[0];
  private final BlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(64);
  private final Sender sender;
  private volatile boolean closed;
  private volatile int dropped;

  IceDatagramTransport(Sender sender) {
    this.sender = sender;
  }

  /** A DTLS record arrived (copied: callers reuse their buffers). */
  void offer(byte[] buf, int off, int len) {
    byte[] copy = new byte[len];
    System.arraycopy(buf, off, copy, 0, len);
    inbound.offer(copy);
  }

  boolean hasPending() {
    return !inbound.isEmpty();
  }

  @Override
  public int getReceiveLimit() {
    return 1500;
  }

  @Override
  public int getSendLimit() {
    return 1200;
  }

  @Override
  public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
    if (closed) {
      throw new IOException("DTLS transport closed");
    }
    byte[] packet;
    try {
      packet = inbound.poll(Math.max(waitMillis, 0), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
    if (packet == null) {
      return -1;
    }
    if (packet == CLOSED) {
      throw new IOException("DTLS transport closed");
    }
    int n = Math.min(len, packet.length);
    System.arraycopy(packet, 0, buf, off, n);
    return n;
  }

  /**
   * Sends a DTLS record. A record ICE cannot send right now (ice4j's "No valid pair." in the moment
   * between a pair's validation and its entry in the valid list) is dropped like a lost datagram:
   * the handshake's own retransmission timer sends the flight again, where failing here would end
   * the peer (DTLS_FAILED) over a race. A transport that stays unable to send ends by the connect
   * timeout.
   */
  @Override
  public void send(byte[] buf, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("DTLS transport closed");
    }
    try {
      sender.send(buf, off, len);
    } catch (IOException notNow) {
      if (closed) {
        throw notNow;
      }
      dropped++;
    }
  }

  /** Records {@link #send} could not hand to ICE (dropped, to be retransmitted by DTLS). */
  int dropped() {
    return dropped;
  }

  @Override
  public void close() {
    closed = true;
    inbound.clear();
    inbound.offer(CLOSED);
  }
}
