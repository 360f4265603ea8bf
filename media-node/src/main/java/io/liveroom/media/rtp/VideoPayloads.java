package io.liveroom.media.rtp;

/**
 * Reads a video RTP payload's codec header: whether it starts a key frame (VP8, H264), VP8's
 * temporal layer.
 */
public final class VideoPayloads {
  private VideoPayloads() {}

  /**
   * VP8 (RFC 7741): whether this packet starts a key frame. {@code payload} is the payload offset.
   */
  public static boolean isVp8Keyframe(byte[] b, int payload, int payloadLength) {
    int p = vp8HeaderEnd(b, payload, payloadLength);
    if (p < 0 || p >= payload + payloadLength) {
      return false;
    }
    boolean start = (b[payload] & 0x10) != 0 && (b[payload] & 0x07) == 0;
    return start && (b[p] & 0x01) == 0;
  }

  /** VP8 temporal layer index (TID), or 0 when the descriptor carries none. */
  public static int vp8TemporalLayer(byte[] b, int payload, int payloadLength) {
    if (payloadLength < 1 || (b[payload] & 0x80) == 0 || payloadLength < 2) {
      return 0;
    }
    int x = b[payload + 1] & 0xFF;
    int p = payload + 2;
    if ((x & 0x80) != 0) {
      p += p < payload + payloadLength && (b[p] & 0x80) != 0 ? 2 : 1;
    }
    if ((x & 0x40) != 0) {
      p++;
    }
    if ((x & 0x20) != 0 && p < payload + payloadLength) {
      return (b[p] & 0xC0) >> 6;
    }
    return 0;
  }

  /** VP8: whether the descriptor carries a TID (X bit, then T bit). */
  public static boolean vp8HasTemporalLayer(byte[] b, int payload, int payloadLength) {
    return payloadLength >= 2 && (b[payload] & 0x80) != 0 && (b[payload + 1] & 0x20) != 0;
  }

  /**
   * VP8: the layer sync (Y) bit next to the TID: this frame references only temporal layer 0
   * frames.
   */
  public static boolean vp8LayerSync(byte[] b, int payload, int payloadLength) {
    int p = vp8TidByte(b, payload, payloadLength);
    return p >= 0 && (b[p] & 0x20) != 0;
  }

  /** VP8: whether this packet starts a frame (S bit set, partition index 0). */
  public static boolean isVp8FrameStart(byte[] b, int payload, int payloadLength) {
    return payloadLength >= 1 && (b[payload] & 0x10) != 0 && (b[payload] & 0x07) == 0;
  }

  /** Offset of the TID/Y/KEYIDX byte, or -1 when there is none. */
  private static int vp8TidByte(byte[] b, int payload, int payloadLength) {
    if (!vp8HasTemporalLayer(b, payload, payloadLength)) {
      return -1;
    }
    int x = b[payload + 1] & 0xFF;
    int p = payload + 2;
    int end = payload + payloadLength;
    if ((x & 0x80) != 0) {
      if (p >= end) {
        return -1;
      }
      p += (b[p] & 0x80) != 0 ? 2 : 1;
    }
    if ((x & 0x40) != 0) {
      p++;
    }
    return p < end ? p : -1;
  }

  /** End of the VP8 payload descriptor, or -1 when it is truncated. */
  private static int vp8HeaderEnd(byte[] b, int payload, int payloadLength) {
    int end = payload + payloadLength;
    if (payloadLength < 1) {
      return -1;
    }
    int p = payload + 1;
    if ((b[payload] & 0x80) != 0) {
      if (p >= end) {
        return -1;
      }
      int x = b[p++] & 0xFF;
      if ((x & 0x80) != 0) {
        if (p >= end) {
          return -1;
        }
        p += (b[p] & 0x80) != 0 ? 2 : 1;
      }
      if ((x & 0x40) != 0) {
        p++;
      }
      if ((x & 0x30) != 0) {
        p++;
      }
    }
    return p <= end ? p : -1;
  }

  /**
   * H264 (RFC 6184): whether the packet carries an IDR slice or SPS (single NAL, STAP-A, or the
   * start of an FU-A).
   */
  public static boolean isH264Keyframe(byte[] b, int payload, int payloadLength) {
    if (payloadLength < 2) {
      return false;
    }
    int type = b[payload] & 0x1F;
    if (type == 5 || type == 7) {
      return true;
    }
    if (type == 28) {
      return (b[payload + 1] & 0x80) != 0 && (b[payload + 1] & 0x1F) == 5;
    }
    if (type == 24) {
      int p = payload + 1;
      while (p + 3 <= payload + payloadLength) {
        int size = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
        int t = b[p + 2] & 0x1F;
        if (t == 5 || t == 7) {
          return true;
        }
        p += 2 + size;
      }
    }
    return false;
  }
}
