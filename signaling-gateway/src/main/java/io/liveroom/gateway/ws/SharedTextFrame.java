package io.liveroom.gateway.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * A text message encoded once and written as the same bytes to many sockets: the room's barrage
 * frame. A server's WebSocket frames are not masked (RFC 6455 5.1), so the complete frame (header
 * and UTF-8 payload) is identical for every member; it is built once into a pooled direct buffer
 * and each socket gets a retained view of it ({@link ClientSocket#sendShared}), only while the
 * socket's channel is writable, so it does not pile up in front of a slow reader: a socket whose
 * send buffer is above Netty's high-water mark misses it, as best-effort barrage should. Compared
 * with encoding per member this skips the per-socket UTF-8 encoding and the buffer per socket.
 *
 * <p>Not thread-safe: build, write and {@link #release()} on one event loop (the sockets' own event
 * loop; a socket on another one gets its view handed over to its loop).
 */
public final class SharedTextFrame {
  private final String text;
  private final ByteBuf wire;

  public SharedTextFrame(String text) {
    this.text = text;
    this.wire = WebSocketFrames.textFrame(PooledByteBufAllocator.DEFAULT, text);
  }

  public String text() {
    return text;
  }

  /**
   * Writes the frame to one socket; false, writing nothing, when the socket's channel is not
   * writable (its send buffer is above the high-water mark): the caller drops best-effort frames
   * for that socket. A socket that is closing takes nothing and counts as written.
   */
  public boolean writeTo(ClientConnection connection) {
    return connection.send(this);
  }

  /** The complete frame's bytes (a connection writes a retained view of them). */
  ByteBuf wire() {
    return wire;
  }

  /** Gives the shared buffer back once every socket has its view (the views keep it alive). */
  public void release() {
    wire.release();
  }
}
