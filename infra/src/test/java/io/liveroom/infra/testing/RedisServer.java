package io.liveroom.infra.testing;

import io.liveroom.infra.config.StoreConfig;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A running test Redis, as resolved by {@link RedisServerExtension}. {@link #command} speaks plain
 * RESP over a fresh socket, so tests can prepare or inspect Redis without a Vert.x client.
 */
public record RedisServer(String host, int port) {
  private static final int SOCKET_TIMEOUT_MS = 5_000;

  /** The connection string for {@code RedisOptions} / {@code store.redisUrl}. */
  /**
   * A fresh key prefix ({@code test-<uuid>:}), so tests sharing one server never see each other's
   * keys.
   */
  public static String freshPrefix() {
    return "test-" + UUID.randomUUID() + ":";
  }

  /**
   * The Redis store configuration for this server under {@code keyPrefix} (a pool of 4
   * connections).
   */
  public StoreConfig storeConfig(String keyPrefix) {
    return new StoreConfig(StoreConfig.Type.REDIS, url(), keyPrefix, 4, 1000);
  }

  public String url() {
    return "redis://" + host + ":" + port;
  }

  /** Deletes every key of every database: a clean slate between tests. */
  public void flushAll() {
    String reply = command("FLUSHALL");
    if (!"OK".equals(reply)) {
      throw new IllegalStateException("FLUSHALL answered " + reply);
    }
  }

  /** The number of keys in database 0. */
  public long dbSize() {
    return Long.parseLong(command("DBSIZE"));
  }

  /** True when Redis answers PING with PONG. */
  public boolean ping() {
    try {
      return "PONG".equals(command("PING"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Sends one command and returns its reply: a simple string, an integer or a bulk string as text,
   * {@code null} for a nil bulk. An error reply throws {@link IllegalStateException}; an array
   * gives its elements one a line.
   */
  public String command(String... args) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), SOCKET_TIMEOUT_MS);
      socket.setSoTimeout(SOCKET_TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      out.write(encode(args));
      out.flush();
      return readReply(new BufferedInputStream(socket.getInputStream()), String.join(" ", args));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "redis " + host + ":" + port + " " + args[0] + ": " + e.getMessage(), e);
    }
  }

  private static byte[] encode(String... args) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      buf.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      buf.writeBytes(bytes);
      buf.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return buf.toByteArray();
  }

  private static String readReply(InputStream in, String what) throws IOException {
    String line = readLine(in);
    if (line.isEmpty()) {
      throw new IOException("empty reply to " + what);
    }
    String rest = line.substring(1);
    switch (line.charAt(0)) {
      case '+':
      case ':':
        return rest;
      case '-':
        throw new IllegalStateException("redis error for " + what + ": " + rest);
      case '$':
        {
          int length = Integer.parseInt(rest);
          if (length < 0) {
            return null;
          }
          byte[] data = in.readNBytes(length + 2);
          if (data.length != length + 2) {
            throw new IOException("truncated bulk reply to " + what);
          }
          return new String(data, 0, length, StandardCharsets.UTF_8);
        }
      case '*':
        {
          // an array (SENTINEL, CLUSTER replies): its elements, one a line
          int count = Integer.parseInt(rest);
          if (count < 0) {
            return null;
          }
          StringBuilder joined = new StringBuilder();
          for (int i = 0; i < count; i++) {
            if (i > 0) {
              joined.append('\n');
            }
            joined.append(readReply(in, what));
          }
          return joined.toString();
        }
      default:
        throw new UnsupportedOperationException("unsupported reply to " + what + ": " + line);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int end =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
      }
      line.write(b);
    }
    throw new IOException("connection closed before a complete reply");
  }
}
