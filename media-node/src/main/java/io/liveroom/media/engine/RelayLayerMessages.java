package io.liveroom.media.engine;

import io.liveroom.media.rtp.Rtp;

/**
 * The two RTCP APP packets (RFC 3550 6.7) a relay link carries about simulcast layers, inside the
 * link's SRTCP like its PLIs and NACKs (see docs/architecture.md "Cascade"):
 *
 * <ul>
 *   <li>{@code LYRW}, edge to origin: the layers the edge wants, one byte per published m-line, bit
 *       {@code l} set for layer {@code l} (0 = best); sent when the set changes and with every
 *       keepalive.
 *   <li>{@code LYRI}, origin to edge, about once a second: for each simulcast layer the origin
 *       receives, its m-line, layer, SSRC and measured bitrate (so the edge knows a layer's source
 *       before it is relayed, and its players' layer choice sees every layer's rate).
 * </ul>
 */
final class RelayLayerMessages {
  static final int APP = 204;
  static final int WANT = name("LYRW");
  static final int INFO = name("LYRI");
  private static final int INFO_ENTRY = 12;

  private RelayLayerMessages() {}

  private static int name(String s) {
    return (s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
  }

  private static int header(byte[] b, int pos, long ssrc, int name, int dataBytes) {
    int words = 3 + (dataBytes + 3) / 4;
    b[pos] = (byte) 0x80;
    b[pos + 1] = (byte) APP;
    Rtp.writeUint16(b, pos + 2, words - 1);
    Rtp.writeUint32(b, pos + 4, ssrc);
    Rtp.writeUint32(b, pos + 8, name & 0xFFFFFFFFL);
    for (int i = pos + 12; i < pos + 4 * words; i++) {
      b[i] = 0;
    }
    return pos + 4 * words;
  }

  /** Writes a {@code LYRW} at {@code pos}; returns the position after it. */
  static int writeWant(byte[] b, int pos, long ssrc, int[] masks) {
    int n = Math.min(masks.length, 255);
    int end = header(b, pos, ssrc, WANT, 1 + n);
    b[pos + 12] = (byte) n;
    for (int i = 0; i < n; i++) {
      b[pos + 13 + i] = (byte) masks[i];
    }
    return end;
  }

  private static boolean is(byte[] b, int pos, int size, int name) {
    return size >= 12 && (b[pos + 1] & 0xFF) == APP && (int) Rtp.readUint32(b, pos + 8) == name;
  }

  /** The masks of a {@code LYRW} packet ({@code size} bytes at {@code pos}), else null. */
  static int[] readWant(byte[] b, int pos, int size) {
    if (!is(b, pos, size, WANT) || size < 13) {
      return null;
    }
    int n = b[pos + 12] & 0xFF;
    if (13 + n > size) {
      return null;
    }
    int[] masks = new int[n];
    for (int i = 0; i < n; i++) {
      masks[i] = b[pos + 13 + i] & 0xFF;
    }
    return masks;
  }

  /** Writes a {@code LYRI} for the layers known in {@code layers}; returns the position after. */
  static int writeInfo(byte[] b, int pos, long ssrc, SourceTrack[][] layers) {
    int entries = 0;
    for (SourceTrack[] ls : layers) {
      for (SourceTrack t : ls) {
        entries += t != null ? 1 : 0;
      }
    }
    int end = header(b, pos, ssrc, INFO, entries * INFO_ENTRY);
    int p = pos + 12;
    for (int i = 0; i < layers.length; i++) {
      for (int l = 0; l < layers[i].length; l++) {
        SourceTrack t = layers[i][l];
        if (t != null) {
          b[p] = (byte) i;
          b[p + 1] = (byte) l;
          Rtp.writeUint32(b, p + 4, t.ssrc);
          Rtp.writeUint32(b, p + 8, Math.min(0xFFFFFFFFL, Math.max(0, t.bitrateBps)));
          p += INFO_ENTRY;
        }
      }
    }
    return end;
  }

  /** One layer of a {@code LYRI}. */
  interface InfoVisitor {
    void layer(int index, int layer, long ssrc, long bitrateBps);
  }

  /** Visits the layers of a {@code LYRI} packet; false when it is not one. */
  static boolean readInfo(byte[] b, int pos, int size, InfoVisitor visitor) {
    if (!is(b, pos, size, INFO)) {
      return false;
    }
    for (int p = pos + 12; p + INFO_ENTRY <= pos + size; p += INFO_ENTRY) {
      long ssrc = Rtp.readUint32(b, p + 4);
      if (ssrc != 0) {
        visitor.layer(b[p] & 0xFF, b[p + 1] & 0xFF, ssrc, Rtp.readUint32(b, p + 8));
      }
    }
    return true;
  }
}
