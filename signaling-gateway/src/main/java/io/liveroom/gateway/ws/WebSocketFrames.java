package io.liveroom.gateway.ws;

import io.liveroom.infra.text.Unicode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The server side of RFC 6455 framing that {@link ClientSocket} writes: unmasked text frames
 * (fragmented above {@link #MAX_FRAME_PAYLOAD}), close and control frames, and the handshake's
 * accept key. Frames are built as ready-made bytes (also shared by many sockets, {@link
 * SharedTextFrame}).
 */
public final class WebSocketFrames {
  public static final int MAX_FRAME_PAYLOAD = 65_535;
  static final int OP_CONTINUATION = 0x0;
  static final int OP_TEXT = 0x1;
  static final int OP_CLOSE = 0x8;
  static final int OP_PONG = 0xA;
  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /** A control frame's payload is at most 125 bytes: the code and 123 bytes of reason. */
  private static final int MAX_CLOSE_REASON = 123;

  private WebSocketFrames() {}

  /**
   * A text message as server frames (unmasked), fragmented above {@link #MAX_FRAME_PAYLOAD} bytes.
   * The payload is always valid UTF-8: an unpaired surrogate, which has no UTF-8 form (and which
   * Netty's encoder would write as invalid bytes, failing the client's socket), is written as
   * U+FFFD. Valid text, the normal case, is measured and encoded with no extra copy.
   */
  public static ByteBuf textFrame(ByteBufAllocator alloc, String text) {
    int length = Unicode.utf8Length(text);
    if (length < 0) {
      text = Unicode.wellFormed(text);
      length = Unicode.utf8Length(text);
    }
    if (length <= MAX_FRAME_PAYLOAD) {
      ByteBuf out = alloc.directBuffer(headerLength(length) + length);
      writeHeader(out, 0x80 | OP_TEXT, length);
      ByteBufUtil.reserveAndWriteUtf8(out, text, length);
      return out;
    }
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    int fragments = (payload.length + MAX_FRAME_PAYLOAD - 1) / MAX_FRAME_PAYLOAD;
    ByteBuf out = alloc.directBuffer(payload.length + fragments * headerLength(MAX_FRAME_PAYLOAD));
    for (int offset = 0; offset < payload.length; offset += MAX_FRAME_PAYLOAD) {
      int n = Math.min(MAX_FRAME_PAYLOAD, payload.length - offset);
      boolean last = offset + n == payload.length;
      writeHeader(out, (last ? 0x80 : 0) | (offset == 0 ? OP_TEXT : OP_CONTINUATION), n);
      out.writeBytes(payload, offset, n);
    }
    return out;
  }

  /**
   * A close frame; the reason is cut to the 123 bytes a control frame has room for, at a character
   * boundary.
   */
  public static ByteBuf closeFrame(ByteBufAllocator alloc, int code, String reason) {
    byte[] text = Unicode.utf8(reason);
    int n = Math.min(text.length, MAX_CLOSE_REASON);
    while (n < text.length && (text[n] & 0xC0) == 0x80) { // never end inside a multi-byte character
      n--;
    }
    ByteBuf body = alloc.buffer(2 + n).writeShort(code).writeBytes(text, 0, n);
    try {
      return frame(alloc, OP_CLOSE, body);
    } finally {
      body.release();
    }
  }

  /** One final frame with a copy of {@code payload} (control frames). */
  static ByteBuf frame(ByteBufAllocator alloc, int opcode, ByteBuf payload) {
    int length = payload.readableBytes();
    ByteBuf out = alloc.directBuffer(headerLength(length) + length);
    writeHeader(out, 0x80 | opcode, length);
    return out.writeBytes(payload, payload.readerIndex(), length);
  }

  private static int headerLength(int payloadLength) {
    return payloadLength <= 125 ? 2 : 4;
  }

  private static void writeHeader(ByteBuf out, int finAndOpcode, int length) {
    out.writeByte(finAndOpcode);
    if (length <= 125) {
      out.writeByte(length); // no mask bit: server to client
    } else {
      out.writeByte(126);
      out.writeShort(length);
    }
  }

  static String acceptKey(String key) {
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1")
              .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JVM", e);
    }
  }
}
