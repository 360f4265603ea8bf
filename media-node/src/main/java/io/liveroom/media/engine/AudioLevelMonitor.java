package io.liveroom.media.engine;

import io.liveroom.media.sdp.NegotiatedMedia;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A published stream's audio level from the RFC 6464 {@code ssrc-audio-level} header extension the
 * publisher puts on every audio packet: read on the stream's forwarding thread (no parsing beyond
 * the extension header, nothing allocated), the loudest packet of each interval kept; the engine's
 * reporter takes and resets it every {@code audioLevelIntervalMs}.
 */
final class AudioLevelMonitor {
  /** The extension (RFC 6464): one byte, V flag + level in -dBov (0 loudest, 127 silence). */
  static final String URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

  /** Levels at or below -60 dBov count as silence (soundLevel 0). */
  static final int FLOOR_DBOV = 60;

  private static final int NONE = 128;

  /** Per publisher m-line: the audio-level extension id, 0 where none was negotiated. */
  private final int[] idByMedia;

  /**
   * The loudest (smallest -dBov) level seen since the last {@link #take}, {@link #NONE} if none.
   */
  private final AtomicInteger loudest = new AtomicInteger(NONE);

  private int lastReported = -1;

  private AudioLevelMonitor(int[] idByMedia) {
    this.idByMedia = idByMedia;
  }

  /** A monitor for a publisher that negotiated the extension on an audio m-line, else null. */
  static AudioLevelMonitor forPublished(List<NegotiatedMedia> published) {
    int[] ids = new int[published.size()];
    boolean any = false;
    for (int i = 0; i < ids.length; i++) {
      NegotiatedMedia m = published.get(i);
      if (m.accepted() && m.isAudio()) {
        ids[i] = Math.max(0, m.extmapId(URI));
        any |= ids[i] > 0;
      }
    }
    return any ? new AudioLevelMonitor(ids) : null;
  }

  /** One decrypted RTP packet of m-line {@code mediaIndex} (forwarding thread). */
  void onRtp(int mediaIndex, byte[] b, int off, int len) {
    int id = mediaIndex < idByMedia.length ? idByMedia[mediaIndex] : 0;
    if (id == 0) {
      return;
    }
    int level = level(b, off, len, id);
    if (level >= 0 && level < loudest.get()) {
      loudest.accumulateAndGet(level, Math::min);
    }
  }

  /**
   * The interval's level as ZEGO's soundLevel (0..100, linear in dB from -60 dBov = 0 to 0 dBov =
   * 100) and resets it; -1 when nothing changed worth reporting (still silent, or no audio).
   */
  int take() {
    int dbov = loudest.getAndSet(NONE);
    int level = dbov == NONE ? 0 : soundLevel(dbov);
    if (level == 0 && lastReported <= 0) {
      lastReported = 0;
      return -1;
    }
    lastReported = level;
    return level;
  }

  static int soundLevel(int dbov) {
    return Math.max(0, (FLOOR_DBOV - dbov) * 100 / FLOOR_DBOV);
  }

  /**
   * The level (-dBov, 0..127) in the packet's header extension element {@code id} (RFC 8285 4.2
   * one-byte, 4.3 two-byte), or -1 when absent.
   */
  static int level(byte[] b, int off, int len, int id) {
    if (len < 12 || (b[off] & 0x10) == 0) {
      return -1;
    }
    int csrcs = b[off] & 0x0F;
    int pos = off + 12 + 4 * csrcs;
    if (pos + 4 > off + len) {
      return -1;
    }
    int profile = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
    int end = pos + 4 + 4 * (((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF));
    if (end > off + len) {
      return -1;
    }
    pos += 4;
    boolean oneByte = profile == 0xBEDE;
    if (!oneByte && (profile & 0xFFF0) != 0x1000) {
      return -1;
    }
    while (pos < end) {
      int first = b[pos] & 0xFF;
      if (first == 0) {
        pos++; // padding
        continue;
      }
      int elementId;
      int length;
      if (oneByte) {
        elementId = first >> 4;
        length = (first & 0x0F) + 1;
        if (elementId == 15) {
          return -1;
        }
        pos++;
      } else {
        if (pos + 1 >= end) {
          return -1;
        }
        elementId = first;
        length = b[pos + 1] & 0xFF;
        pos += 2;
      }
      if (pos + length > end) {
        return -1;
      }
      if (elementId == id) {
        return length >= 1 ? b[pos] & 0x7F : -1;
      }
      pos += length;
    }
    return -1;
  }
}
