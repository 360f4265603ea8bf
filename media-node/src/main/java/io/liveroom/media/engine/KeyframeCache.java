package io.liveroom.media.engine;

import io.liveroom.media.rtp.Rtp;
import java.util.Arrays;

/**
 * One video source's packets since its last keyframe (the keyframe and every packet after it, as
 * they were received and decrypted), so a player that just connected gets a decodable picture at
 * once instead of waiting for the keyframe its PLI asks for. Replayed in arrival order with the
 * publisher's own sequence numbers and timestamps: they run straight on into the live packets that
 * follow, and the player's usual per-player rewriting (payload type, extension ids, temporal and
 * layer renumbering, transport-cc) applies to them as to live ones. The group stops counting as
 * usable when it outgrows {@code maxBytes} (a long GOP) and when its keyframe is older than {@code
 * maxAgeMs}; the next keyframe starts a new one. Forwarding thread only.
 */
final class KeyframeCache {
  /** Receives a replayed packet. */
  interface Sink {
    void packet(byte[] b, int off, int len, boolean keyframe);
  }

  private final int maxBytes;
  private final long maxAgeMs;
  private byte[] data = new byte[0];
  private int[] offsets = new int[16];
  private int[] lengths = new int[16];
  private boolean[] keyframes = new boolean[16];
  private int count;
  private int bytes;
  private long keyframeAtMs;
  private long keyframeTimestamp = -1;
  private boolean usable;

  KeyframeCache(int maxBytes, long maxAgeMs) {
    this.maxBytes = maxBytes;
    this.maxAgeMs = maxAgeMs;
  }

  /**
   * A received RTP packet of this source; {@code keyframe}: it starts (or belongs to the first
   * packet run of) a keyframe.
   */
  void onRtp(byte[] b, int off, int len, boolean keyframe, long nowMs) {
    if (maxBytes <= 0) {
      return;
    }
    long ts = Rtp.timestamp(b, off);
    if (keyframe && !(usable && ts == keyframeTimestamp)) {
      count = 0;
      bytes = 0;
      usable = true;
      keyframeAtMs = nowMs;
      keyframeTimestamp = ts;
    }
    if (!usable) {
      return;
    }
    if (bytes + len > maxBytes) {
      usable = false; // the group outgrew the bound: PLI alone until the next keyframe
      count = 0;
      bytes = 0;
      return;
    }
    if (bytes + len > data.length) {
      data = Arrays.copyOf(data, Math.min(maxBytes, Math.max(bytes + len, 2 * data.length)));
    }
    if (count == offsets.length) {
      offsets = Arrays.copyOf(offsets, 2 * count);
      lengths = Arrays.copyOf(lengths, 2 * count);
      keyframes = Arrays.copyOf(keyframes, 2 * count);
    }
    System.arraycopy(b, off, data, bytes, len);
    offsets[count] = bytes;
    lengths[count] = len;
    keyframes[count++] = keyframe;
    bytes += len;
  }

  /** Whether a keyframe group is held and young enough to be replayed at {@code nowMs}. */
  boolean usable(long nowMs) {
    return usable && count > 0 && nowMs - keyframeAtMs <= maxAgeMs;
  }

  /**
   * Hands every held packet to {@code sink}, oldest first; false (nothing handed) when the group is
   * missing, outgrown or too old.
   */
  boolean replay(long nowMs, Sink sink) {
    if (!usable(nowMs)) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      sink.packet(data, offsets[i], lengths[i], keyframes[i]);
    }
    return true;
  }

  int packets() {
    return count;
  }

  int bytes() {
    return bytes;
  }
}
