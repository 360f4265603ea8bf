package io.liveroom.media.engine;

import io.liveroom.media.rtp.Rtp;
import io.liveroom.media.rtp.VideoPayloads;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream's {@link KeyframeCache} per video source (VP8 and H.264; each simulcast layer its own),
 * and the first-frame replay to a player that just connected. Forwarding thread only.
 */
final class KeyframeCaches {
  /** Receives a replayed packet of a source. */
  interface Sink {
    void packet(SourceTrack track, byte[] b, int off, int len, boolean keyframe);
  }

  private final int maxBytes;
  private final long maxAgeMs;
  private final List<SourceTrack> tracks = new ArrayList<>();
  private final List<KeyframeCache> caches = new ArrayList<>();
  long replays;
  long misses;

  KeyframeCaches(int maxBytes, long maxAgeMs) {
    this.maxBytes = maxBytes;
    this.maxAgeMs = maxAgeMs;
  }

  /** A received (decrypted, RTX already unwrapped) packet of {@code t}. */
  void onRtp(SourceTrack t, byte[] b, int off, int len, long nowMs) {
    if (maxBytes <= 0 || !cacheable(t)) {
      return;
    }
    KeyframeCache c = cacheOf(t);
    if (c == null) {
      int h = Rtp.headerLength(b, off, len);
      int n = Rtp.payloadLength(b, off, len);
      if (!isKeyframe(t, b, off + h, n)) {
        return; // nothing to hold before the first keyframe
      }
      tracks.add(t);
      c = new KeyframeCache(maxBytes, maxAgeMs);
      caches.add(c);
    }
    int h = Rtp.headerLength(b, off, len);
    c.onRtp(b, off, len, isKeyframe(t, b, off + h, Rtp.payloadLength(b, off, len)), nowMs);
  }

  /**
   * Replays every usable cache to one player through {@code sink}; {@code current}: the source
   * whose packet is being forwarded right now (the last one in its cache, which the caller sends
   * itself), or null. Returns the number of packets replayed.
   */
  int replay(long nowMs, SourceTrack current, Sink sink) {
    int[] sent = {0};
    boolean any = false;
    for (int i = 0; i < caches.size(); i++) {
      SourceTrack t = tracks.get(i);
      KeyframeCache c = caches.get(i);
      int skip = t == current ? c.packets() - 1 : c.packets();
      int[] n = {0};
      any |=
          c.replay(
              nowMs,
              (b, off, len, keyframe) -> {
                if (n[0]++ < skip) {
                  sink.packet(t, b, off, len, keyframe);
                  sent[0]++;
                }
              });
    }
    if (any) {
      replays++;
    } else {
      misses++;
    }
    return sent[0];
  }

  private KeyframeCache cacheOf(SourceTrack t) {
    for (int i = 0; i < tracks.size(); i++) {
      if (tracks.get(i) == t) {
        return caches.get(i);
      }
    }
    return null;
  }

  private static boolean cacheable(SourceTrack t) {
    return t.media.isVideo() && (t.media.codec().is("VP8") || t.media.codec().is("H264"));
  }

  private static boolean isKeyframe(SourceTrack t, byte[] b, int payload, int n) {
    return t.media.codec().is("VP8")
        ? VideoPayloads.isVp8Keyframe(b, payload, n)
        : VideoPayloads.isH264Keyframe(b, payload, n);
  }
}
