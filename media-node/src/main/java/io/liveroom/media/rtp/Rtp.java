package io.liveroom.media.rtp;

/** Reads and rewrites RTP/RTCP headers in place (RFC 3550, RFC 5761 demux, RFC 8285 one-byte extensions). */
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

  public static long readUint32(byte[] b, int pos) {
    return ((long) (b[pos] & 0xFF) << 24) | ((b[pos + 1] & 0xFF) << 16) | ((b[pos + 2] & 0xFF) << 8)
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
