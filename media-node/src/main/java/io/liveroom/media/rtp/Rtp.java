package io.liveroom.media.rtp;

/**
 * Reads and rewrites RTP/RTCP headers in place (RFC 3550, RFC 5761 demux, RFC 8285 one-byte
 * extensions).
 */
public final class Rtp {
  private Rtp() {}

  /** RFC 7983 demux on the first byte. */
  public static boolean isDtls(int firstByte) {
    return firstByte >= 20 && firstByte <= 63;
  }

  public static boolean isRtpOrRtcp(int firstByte) {
    return firstByte >= 128 && firstByte <= 191;
  }

  /** RFC 5761: RTCP packet types 192-223 occupy the second byte. */
  public static boolean isRtcp(byte[] b, int off, int len) {
    if (len < 8) {
      return false;
    }
    int pt = b[off + 1] & 0xFF;
    return pt >= 192 && pt <= 223;
  }

  public static int payloadType(byte[] b, int off) {
    return b[off + 1] & 0x7F;
  }

  public static void setPayloadType(byte[] b, int off, int pt) {
    b[off + 1] = (byte) ((b[off + 1] & 0x80) | (pt & 0x7F));
  }

  public static int sequence(byte[] b, int off) {
    return ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
  }

  public static long timestamp(byte[] b, int off) {
    return readUint32(b, off + 4);
  }

  public static long ssrc(byte[] b, int off) {
    return readUint32(b, off + 8);
  }

  /** Fixed header + CSRCs + extension block. */
  public static int headerLength(byte[] b, int off, int len) {
    int h = 12 + 4 * (b[off] & 0x0F);
    if ((b[off] & 0x10) != 0 && len >= h + 4) {
      h += 4 + 4 * (((b[off + h + 2] & 0xFF) << 8) | (b[off + h + 3] & 0xFF));
    }
    return h;
  }

  public static boolean validRtp(byte[] b, int off, int len) {
    return len >= 12 && (b[off] & 0xC0) == 0x80 && headerLength(b, off, len) <= len;
  }

  /**
   * Rewrites one-byte header extension ids with {@code idMap[oldId]} (0 drops the element),
   * compacting in place and padding with zeros. Two-byte extension blocks are left alone.
   */
  public static void rewriteExtensions(byte[] b, int off, int len, int[] idMap) {
    if ((b[off] & 0x10) == 0) {
      return;
    }
    int ext = off + 12 + 4 * (b[off] & 0x0F);
    if (ext + 4 > off + len || (b[ext] & 0xFF) != 0xBE || (b[ext + 1] & 0xFF) != 0xDE) {
      return;
    }
    int words = ((b[ext + 2] & 0xFF) << 8) | (b[ext + 3] & 0xFF);
    int start = ext + 4;
    int end = Math.min(start + 4 * words, off + len);
    int read = start;
    int write = start;
    while (read < end) {
      int head = b[read] & 0xFF;
      if (head == 0) {
        read++;
        continue;
      }
      int id = head >> 4;
      int size = (head & 0x0F) + 1;
      if (id == 15 || read + 1 + size > end) {
        break;
      }
      int newId = id < idMap.length ? idMap[id] : 0;
      if (newId > 0) {
        b[write] = (byte) ((newId << 4) | (head & 0x0F));
        if (write != read) {
          System.arraycopy(b, read + 1, b, write + 1, size);
        }
        write += 1 + size;
      }
      read += 1 + size;
    }
    while (write < end) {
      b[write++] = 0;
    }
  }

  public static void setSequence(byte[] b, int off, int seq) {
    writeUint16(b, off + 2, seq);
  }

  public static void setTimestamp(byte[] b, int off, long ts) {
    writeUint32(b, off + 4, ts);
  }

  public static void setSsrc(byte[] b, int off, long ssrc) {
    writeUint32(b, off + 8, ssrc);
  }

  /**
   * Finds header extension element {@code id} (one-byte or two-byte form, RFC 8285). Returns {@code
   * (dataPosition << 8) | dataLength}, or -1 when the packet has no such element.
   */
  public static long findExtension(byte[] b, int off, int len, int id) {
    if ((b[off] & 0x10) == 0 || id <= 0) {
      return -1;
    }
    int ext = off + 12 + 4 * (b[off] & 0x0F);
    if (ext + 4 > off + len) {
      return -1;
    }
    int profile = ((b[ext] & 0xFF) << 8) | (b[ext + 1] & 0xFF);
    boolean oneByte = profile == 0xBEDE;
    if (!oneByte && (profile & 0xFFF0) != 0x1000) {
      return -1;
    }
    int words = ((b[ext + 2] & 0xFF) << 8) | (b[ext + 3] & 0xFF);
    int p = ext + 4;
    int end = Math.min(p + 4 * words, off + len);
    while (p < end) {
      int head = b[p] & 0xFF;
      if (head == 0) {
        p++;
        continue;
      }
      int elementId;
      int size;
      if (oneByte) {
        elementId = head >> 4;
        size = (head & 0x0F) + 1;
        if (elementId == 15) {
          return -1;
        }
        p++;
      } else {
        if (p + 2 > end) {
          return -1;
        }
        elementId = head;
        size = b[p + 1] & 0xFF;
        p += 2;
      }
      if (p + size > end) {
        return -1;
      }
      if (elementId == id) {
        return ((long) p << 8) | size;
      }
      p += size;
    }
    return -1;
  }

  /** Payload bytes after the header and before any padding (RFC 3550 P bit). */
  public static int payloadLength(byte[] b, int off, int len) {
    int n = len - headerLength(b, off, len);
    if ((b[off] & 0x20) != 0 && n > 0) {
      n -= b[off + len - 1] & 0xFF;
    }
    return n;
  }

  /**
   * Turns an RTX packet (RFC 4588: original sequence number first in the payload) back into the
   * original packet in place: the header moves 2 bytes on over the OSN; the caller sets the SSRC
   * and payload type. Returns the new offset (length is 2 less), or -1 when there is no original
   * payload (padding-only probes).
   */
  public static int unwrapRtx(byte[] b, int off, int len) {
    int h = headerLength(b, off, len);
    if (payloadLength(b, off, len) <= 2) {
      return -1;
    }
    int osn = ((b[off + h] & 0xFF) << 8) | (b[off + h + 1] & 0xFF);
    System.arraycopy(b, off, b, off + 2, h);
    setSequence(b, off + 2, osn);
    return off + 2;
  }

  /**
   * Writes packet {@code src} as RTX into {@code dst} at 0: its header with {@code rtxSsrc}, {@code
   * rtxSeq}, {@code rtxPayloadType}, then the original sequence number, then its payload. Returns
   * the length.
   */
  public static int wrapRtx(
      byte[] src, int off, int len, byte[] dst, long rtxSsrc, int rtxSeq, int rtxPayloadType) {
    int h = headerLength(src, off, len);
    System.arraycopy(src, off, dst, 0, h);
    dst[h] = src[off + 2];
    dst[h + 1] = src[off + 3];
    System.arraycopy(src, off + h, dst, h + 2, len - h);
    setSequence(dst, 0, rtxSeq);
    setSsrc(dst, 0, rtxSsrc);
    setPayloadType(dst, 0, rtxPayloadType);
    return len + 2;
  }

  public static long readUint32(byte[] b, int pos) {
    return ((long) (b[pos] & 0xFF) << 24)
        | ((b[pos + 1] & 0xFF) << 16)
        | ((b[pos + 2] & 0xFF) << 8)
        | (b[pos + 3] & 0xFF);
  }

  public static void writeUint32(byte[] b, int pos, long v) {
    b[pos] = (byte) (v >>> 24);
    b[pos + 1] = (byte) (v >>> 16);
    b[pos + 2] = (byte) (v >>> 8);
    b[pos + 3] = (byte) v;
  }

  public static void writeUint16(byte[] b, int pos, int v) {
    b[pos] = (byte) (v >>> 8);
    b[pos + 1] = (byte) v;
  }
}
