package io.liveroom.media.engine;

import io.liveroom.media.rtp.Rtp;

/**
 * One player's view of a simulcast video source: which layer it gets (0 = best) and the rewriting
 * that makes the layers one continuous stream (one SSRC, sequence numbers without jumps, timestamps
 * that keep advancing). A switch happens only on a key frame of the target layer. Forwarding thread
 * only.
 */
final class LayerSelector {
  /** What the player asked for. */
  enum Preference {
    AUTO,
    HIGH,
    LOW;

    /**
     * Session attribute a player's offer may carry (the SDK adds it): {@code
     * a=x-liveroom-video-layer:auto|high|low}.
     */
    static final String ATTRIBUTE = "a=x-liveroom-video-layer:";

    /**
     * The preference an offer names (AUTO when none); null when the value is not one of the three.
     */
    static Preference fromOffer(String sdp) {
      int i = sdp.indexOf(ATTRIBUTE);
      if (i < 0) {
        return AUTO;
      }
      int end = i + ATTRIBUTE.length();
      while (end < sdp.length() && sdp.charAt(end) != '\r' && sdp.charAt(end) != '\n') {
        end++;
      }
      return switch (sdp.substring(i + ATTRIBUTE.length(), end).trim()) {
        case "auto" -> AUTO;
        case "high" -> HIGH;
        case "low" -> LOW;
        default -> null;
      };
    }
  }

  /**
   * RTP timestamp step put between the last frame of the old layer and the first of the new one (90
   * kHz, 30 fps).
   */
  private static final long SWITCH_TIMESTAMP_STEP = 3000;

  final long outSsrc;
  final Preference preference;
  private final int layerCount;
  private int current = -1;
  private int target;
  private long seqOffset;
  private long tsOffset;
  private boolean started;
  private int lastOutSeq;
  private long lastOutTs;
  private long switches;

  /**
   * The player's first sequence number of the current layer: NACKs for earlier ones belong to
   * another layer.
   */
  private int firstOutSeq;

  /** Upgrades wait until then after a downgrade (a failed try doubles the wait). */
  private long upgradeAllowedAt;

  private long lastUpgradeAt = Long.MIN_VALUE / 2;
  private long backoffMs = FIRST_BACKOFF_MS;
  static final long FIRST_BACKOFF_MS = 60_000;
  static final long MAX_BACKOFF_MS = 240_000;

  LayerSelector(long outSsrc, int layerCount, Preference preference) {
    this.outSsrc = outSsrc;
    this.layerCount = layerCount;
    this.preference = preference;
    this.target = preference == Preference.LOW ? layerCount - 1 : 0;
  }

  int current() {
    return current;
  }

  int target() {
    return target;
  }

  long switches() {
    return switches;
  }

  /** Whether the player waits for a key frame of the target layer. */
  boolean switching() {
    return current != target;
  }

  /**
   * Chooses the target from the player's estimate and each layer's measured bitrate (bits/s, index
   * 0 best). After a downgrade, upgrades wait {@link #FIRST_BACKOFF_MS}; a downgrade soon after an
   * upgrade (the better layer did not fit after all) doubles the wait, up to {@link
   * #MAX_BACKOFF_MS}.
   */
  void choose(long estimateBps, long[] layerBitrates, long otherBps, long nowMs) {
    if (preference == Preference.HIGH) {
      target = 0;
      return;
    }
    if (preference == Preference.LOW) {
      target = layerCount - 1;
      return;
    }
    int chosen = layerCount - 1;
    for (int i = 0; i < layerCount; i++) {
      long rate = i < layerBitrates.length ? layerBitrates[i] : 0;
      // going up needs headroom, staying needs only a fit: no flapping around one bitrate
      double margin = current >= 0 && i < current ? 0.75 : 0.95;
      if (rate > 0 && rate + otherBps <= estimateBps * margin) {
        chosen = i;
        break;
      }
    }
    if (current >= 0 && chosen < current && nowMs < upgradeAllowedAt) {
      chosen = Math.min(current, target); // keep waiting (a pending downgrade stays)
    }
    if (current >= 0 && chosen > current && chosen != target) {
      backoffMs =
          nowMs - lastUpgradeAt < FIRST_BACKOFF_MS
              ? Math.min(MAX_BACKOFF_MS, 2 * backoffMs)
              : FIRST_BACKOFF_MS;
      upgradeAllowedAt = nowMs + backoffMs;
    }
    if (current >= 0 && chosen < current && chosen != target) {
      lastUpgradeAt = nowMs;
    }
    target = chosen;
  }

  /**
   * The next better layer while on a lower one (what the estimate must be allowed to grow to), else
   * -1.
   */
  int betterLayer() {
    return current > 0 ? current - 1 : -1;
  }

  /** Forces a target (tests, and a layer the publisher stopped sending). */
  void target(int layer) {
    target = Math.max(0, Math.min(layerCount - 1, layer));
  }

  /**
   * Decides for a packet of {@code layer} whether the player gets it and, if so, rewrites its SSRC,
   * sequence number and timestamp in place ({@code b} at {@code off}).
   */
  boolean accept(int layer, boolean keyframe, byte[] b, int off) {
    if (layer != current) {
      if (layer != target || !keyframe) {
        return false;
      }
      int seq = Rtp.sequence(b, off);
      long ts = Rtp.timestamp(b, off);
      if (started) {
        seqOffset = (lastOutSeq + 1 - seq) & 0xFFFF;
        tsOffset = (lastOutTs + SWITCH_TIMESTAMP_STEP - ts) & 0xFFFFFFFFL;
        switches++;
      } else {
        seqOffset = 0;
        tsOffset = 0;
      }
      firstOutSeq = (int) ((seq + seqOffset) & 0xFFFF);
      current = layer;
    }
    rewrite(b, off);
    return true;
  }

  /** Rewrites a packet of the current layer (also a retransmission) into the player's numbering. */
  void rewrite(byte[] b, int off) {
    int seq = (int) ((Rtp.sequence(b, off) + seqOffset) & 0xFFFF);
    long ts = (Rtp.timestamp(b, off) + tsOffset) & 0xFFFFFFFFL;
    Rtp.setSequence(b, off, seq);
    Rtp.setTimestamp(b, off, ts);
    Rtp.setSsrc(b, off, outSsrc);
    if (!started || ((seq - lastOutSeq) & 0xFFFF) < 0x8000) {
      lastOutSeq = seq;
      lastOutTs = ts;
    }
    started = true;
  }

  /**
   * The current layer's sequence number of a player sequence number (to answer its NACKs), or -1
   * when that packet was one of an earlier layer (no longer in reach: the key frame of the switch
   * replaced it).
   */
  int sourceSequence(int playerSeq) {
    if (((playerSeq - firstOutSeq) & 0xFFFF) >= 0x8000) {
      return -1;
    }
    return (int) ((playerSeq - seqOffset) & 0xFFFF);
  }

  /** A timestamp of the current layer in the player's numbering (sender reports). */
  long playerTimestamp(long sourceTs) {
    return (sourceTs + tsOffset) & 0xFFFFFFFFL;
  }
}
