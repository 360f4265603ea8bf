package io.liveroom.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import java.nio.charset.StandardCharsets;

/**
 * A text frame encoded once and written as the same bytes to many sockets: the room's barrage
 * frame. A server's WebSocket frames are not masked (RFC 6455 5.1), so the complete frame (header
 * and UTF-8 payload) is identical for every member; it is built once into a direct buffer and each
 * socket gets a retained view of it, written straight to its channel from the channel's own event
 * loop (after the WebSocket encoder, which only touches frame objects) and only while the channel
 * is writable, so it does not pile up in front of a slow reader: a socket whose send buffer is
 * above Netty's high-water mark misses it, as best-effort barrage should. Frames whose order matters (broadcast, signaling)
 * keep going through Vert.x. Compared with {@code writeTextMessage(String)} per member this
 * skips the per-socket UTF-8 encoding, frame objects and header encoding, the heap-to-direct copy,
 * and the per-message compression of clients that negotiated it (an uncompressed message is valid
 * on such a connection: RSV1 is clear).
 *
 * <p>Falls back to {@code writeTextMessage} when not on the socket's event loop or when the
 * payload exceeds {@link #MAX_SHARED_PAYLOAD} (clients commonly cap frames near 64 KiB; Vert.x then
 * fragments the message). Not thread-safe: build, write and {@link #release()} on one event loop.
 */
final class SharedTextFrame {
  static final int MAX_SHARED_PAYLOAD = 65_535; // the 16-bit length form; larger payloads take the ordinary path
  private final String text;
  private final ByteBuf wire;

  SharedTextFrame(String text) {
    this.text = text;
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    if (payload.length > MAX_SHARED_PAYLOAD) {
      this.wire = null;
      return;
    }
    int header = payload.length <= 125 ? 2 : 4;
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(header + payload.length);
    buf.writeByte(0x81); // FIN, opcode 1 (text)
    if (payload.length <= 125) {
      buf.writeByte(payload.length); // no mask bit: server-to-client
    } else {
      buf.writeByte(126);
      buf.writeShort(payload.length);
    }
    buf.writeBytes(payload);
    this.wire = buf;
  }

  String text() {
    return text;
  }

  /**
   * Writes the frame to one socket (see the class comment for when it goes the ordinary way);
   * false, writing nothing, when the socket's channel is not writable (its send buffer is above the
   * high-water mark): the caller drops best-effort frames for that socket.
   */
  boolean writeTo(ServerWebSocket socket) {
    if (wire != null && socket instanceof WebSocketInternal internal) {
      ChannelHandlerContext ctx = internal.channelHandlerContext();
      if (ctx.executor().inEventLoop()) {
        if (!ctx.channel().isWritable()) {
          return false;
        }
        ctx.writeAndFlush(wire.retainedDuplicate(), ctx.voidPromise());
        return true;
      }
    }
    socket.writeTextMessage(text);
    return true;
  }

  /** Gives the shared buffer back once every socket has its view (the views keep it alive). */
  void release() {
    if (wire != null) {
      wire.release();
    }
  }
}
