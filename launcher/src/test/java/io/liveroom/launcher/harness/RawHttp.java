package io.liveroom.launcher.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain TCP connection speaking HTTP/1.1 by hand, for tests of what a well-behaved client never
 * does: half-sent headers, bodies that never end, bodies larger than announced, nothing at all.
 */
public final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private boolean eof;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  public static RawHttp connect(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    return new RawHttp(socket);
  }

  /** Writes {@code text} (ISO-8859-1); false when the server has closed the connection already. */
  public boolean send(String text) {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public boolean send(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Reads until a complete response head arrived and returns its status code, or -1 when the
   * connection closed without one; fails after {@code timeout}.
   */
  public int status(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String text = received.toString(StandardCharsets.ISO_8859_1);
      if (text.startsWith("HTTP/1.1 ") && text.length() >= 12) {
        return Integer.parseInt(text.substring(9, 12));
      }
      if (eof) {
        return -1;
      }
      if (!readSome(deadline)) {
        throw new AssertionError("no response within " + timeout + "; got \"" + text + "\"");
      }
    }
  }

  /** Everything received so far. */
  public String received() {
    return received.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * Waits until the server closes the connection and returns how long that took; fails when it is
   * still open after {@code timeout}.
   */
  public Duration awaitClosed(Duration timeout) throws IOException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (!eof) {
      if (!readSome(deadline)) {
        throw new AssertionError("the server kept the connection open for " + timeout);
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Reads what is there, waiting at most until {@code deadline}; false on timeout. */
  private boolean readSome(long deadline) throws IOException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      return false;
    }
    socket.setSoTimeout((int) Math.max(1, left));
    byte[] buffer = new byte[8192];
    try {
      int n = in.read(buffer);
      if (n < 0) {
        eof = true;
      } else {
        received.write(buffer, 0, n);
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) { // reset by the server: closed too
      eof = true;
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
