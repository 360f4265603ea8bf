package io.liveroom.media.transport;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A reusable, growable packet buffer; the unit the SRTP contexts transform in place. Buffers carry
 * head and tail room so SRTP tags fit without reallocation.
 */
public final class PacketBuffer implements ByteArrayBuffer {
  public static final int DEFAULT_CAPACITY = 2048;
  private byte[] buffer;
  private int offset;
  private int length;

  public PacketBuffer() {
    this(new byte[DEFAULT_CAPACITY]);
  }

  public PacketBuffer(byte[] buffer) {
    this.buffer = buffer;
  }

  /** Copies {@code len} bytes into this buffer at offset 0 (growing it if needed). */
  public PacketBuffer copyFrom(byte[] src, int off, int len) {
    if (buffer.length < len + 64) {
      buffer = new byte[len + 256];
    }
    System.arraycopy(src, off, buffer, 0, len);
    offset = 0;
    length = len;
    return this;
  }

  public PacketBuffer wrap(byte[] src, int off, int len) {
    buffer = src;
    offset = off;
    length = len;
    return this;
  }

  @Override
  public byte[] getBuffer() {
    return buffer;
  }

  @Override
  public int getOffset() {
    return offset;
  }

  @Override
  public int getLength() {
    return length;
  }

  @Override
  public void setLength(int len) {
    length = len;
  }

  @Override
  public void setOffset(int off) {
    offset = off;
  }

  @Override
  public boolean isInvalid() {
    return buffer == null;
  }

  @Override
  public void readRegionToBuff(int off, int len, byte[] outBuff) {
    System.arraycopy(buffer, offset + off, outBuff, 0, len);
  }

  @Override
  public void grow(int howMuch) {
    if (buffer.length - offset - length < howMuch) {
      byte[] bigger = new byte[offset + length + howMuch + 64];
      System.arraycopy(buffer, 0, bigger, 0, offset + length);
      buffer = bigger;
    }
  }

  @Override
  public void append(byte[] data, int len) {
    grow(len);
    System.arraycopy(data, 0, buffer, offset + length, len);
    length += len;
  }

  @Override
  public void shrink(int len) {
    length = Math.max(0, length - len);
  }

  public int getByte(int pos) {
    return buffer[offset + pos] & 0xFF;
  }
}
