package io.liveroom.media.transport;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;

/**
 * One accepted ICE-TCP connection: RFC 4571 frames (16-bit length, then the packet). Checks are
 * answered here; DTLS/SRTP frames go to the peer's {@link IceTcpServer.Endpoint}. Sending never
 * blocks the caller (a forwarding thread): frames are queued, at most {@link #QUEUE} of them, and
 * written by a writer thread; a full queue drops the frame, as a congested UDP path would.
 */
public final class IceTcpConnection {
  static final int QUEUE = 512;

  /**
   * A connection silent this long (no check, no media) is closed; clients check every few seconds.
   */
  static final int IDLE_TIMEOUT_MS = 30_000;

  private static final byte[] END = new byte[0];
  private final IceTcpServer server;
  private final Socket socket;
  private final InetSocketAddress remote;
  private final BlockingQueue<byte[]> outbound = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile IceTcpServer.Endpoint endpoint;

  IceTcpConnection(IceTcpServer server, Socket socket) {
    this.server = server;
    this.socket = socket;
    this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
  }

  public InetSocketAddress remoteAddress() {
    return remote;
  }

  IceTcpServer.Endpoint endpoint() {
    return endpoint;
  }

  public boolean isClosed() {
    return closed.get();
  }

  /** Queues one packet (copied) for sending; false when closed or the queue is full. */
  public boolean send(byte[] buf, int off, int len) {
    if (closed.get() || len > 0xFFFF) {
      return false;
    }
    byte[] frame = new byte[len + 2];
    frame[0] = (byte) (len >>> 8);
    frame[1] = (byte) len;
    System.arraycopy(buf, off, frame, 2, len);
    return outbound.offer(frame);
  }

  void readLoop() {
    try (InputStream raw = socket.getInputStream()) {
      DataInputStream in = new DataInputStream(raw);
      while (!closed.get()) {
        int len = in.readUnsignedShort();
        Buffer buffer = BufferPool.getBuffer.invoke(Math.max(len, 1));
        byte[] b = buffer.getBuffer();
        in.readFully(b, 0, len);
        buffer.setOffset(0);
        buffer.setLength(len);
        buffer.setRemoteAddress(remote);
        if (!handle(buffer)) {
          break;
        }
      }
    } catch (EOFException | SocketException e) {
      // closed by either side
    } catch (IOException | RuntimeException e) {
      System.getLogger(IceTcpConnection.class.getName())
          .log(System.Logger.Level.DEBUG, "ICE-TCP read: " + e);
    } finally {
      close();
    }
  }

  /**
   * One frame: a check is answered (binding the connection on the first), anything else is media.
   */
  private boolean handle(Buffer buffer) throws IOException {
    byte[] b = buffer.getBuffer();
    int len = buffer.getLength();
    if (StunBinding.isStun(b, 0, len)) {
      StunBinding.Request request = StunBinding.parseRequest(b, 0, len);
      IceTcpServer.Endpoint target =
          request == null
              ? null
              : endpoint != null ? endpoint : server.endpoint(request.localUfrag());
      boolean valid =
          target != null
              && (endpoint == null || server.endpoint(request.localUfrag()) == endpoint)
              && StunBinding.verify(b, 0, request, target.password());
      BufferPool.returnBuffer.invoke(buffer);
      if (!valid) {
        // indications, responses and bad checks are ignored once bound; before, they close the
        // connection
        return endpoint != null;
      }
      if (endpoint == null) {
        endpoint = target;
        socket.setSoTimeout(IDLE_TIMEOUT_MS);
        startWriter(); // only bound connections cost a second thread
      }
      byte[] response = StunBinding.successResponse(request, remote, target.password());
      send(response, 0, response.length);
      target.onTcpCheck(this, request.useCandidate());
      return true;
    }
    IceTcpServer.Endpoint target = endpoint;
    if (target == null) {
      BufferPool.returnBuffer.invoke(buffer);
      return false; // media before a valid check
    }
    target.onTcpPacket(this, buffer);
    return true;
  }

  private void startWriter() {
    Thread writer =
        new Thread(
            () -> {
              try (OutputStream out =
                  new BufferedOutputStream(socket.getOutputStream(), 16 * 1024)) {
                while (!closed.get()) {
                  byte[] frame = outbound.poll(1, TimeUnit.SECONDS);
                  if (frame == END) {
                    break;
                  }
                  if (frame == null) {
                    continue;
                  }
                  out.write(frame);
                  byte[] next;
                  while ((next = outbound.poll()) != null && next != END) {
                    out.write(next); // batch what is already queued into one flush
                  }
                  out.flush();
                  if (next == END) {
                    break;
                  }
                }
              } catch (IOException | InterruptedException e) {
                // the connection is gone
              } finally {
                close();
              }
            },
            Thread.currentThread().getName() + "-out");
    writer.setDaemon(true);
    writer.start();
  }

  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    outbound.clear();
    outbound.offer(END);
    IceTcpServer.quietClose(socket);
    server.closed(this);
    IceTcpServer.Endpoint e = endpoint;
    if (e != null) {
      e.onTcpClosed(this);
    }
  }
}
