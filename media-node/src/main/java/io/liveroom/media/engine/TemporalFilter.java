package io.liveroom.media.engine;

import io.liveroom.media.rtp.Rtp;
import io.liveroom.media.rtp.VideoPayloads;
import java.util.Arrays;

/**
 * One player's VP8 temporal layer filter (RFC 7741 TID): when even the lowest layer does not fit
 * its estimate, only temporal layer 0 is forwarded; sequence numbers of what is forwarded are
 * renumbered without gaps, and a map from the player's numbers back to the incoming ones answers
 * its NACKs. The cap goes down at a frame start, up at a key frame or at a frame whose descriptor
 * sets the layer sync (Y) bit. Forwarding thread only; time is passed in.
 */
final class TemporalFilter {
  /** Cap value meaning "every temporal layer". */
  static final int ALL = 3;

  private static final int HISTORY = 1 << 11;

  private int cap = ALL;
  private int wanted = ALL;

  /** Packets dropped so far (mod 2^16): a forwarded packet's sequence number goes down by it. */
  private int dropped;

  /**
   * Player sequence number (high 16 bits) and incoming one (low 16 bits) by player slot; -1: empty.
   */
  private final long[] history = new long[HISTORY];

  /**
   * By incoming slot: its sequence number (bits 16-31), the drop count after it (low 16 bits),
   * {@link #DROPPED}.
   */
  private final long[] incoming = new long[HISTORY];

  private static final long DROPPED = 1L << 40;
  private boolean started;
  private int highest;
  private long droppedPackets;
  private boolean sawTemporal;
  // hysteresis, as LayerSelector's upgrades
  private boolean baseOnly;
  private long upAllowedAt;
  private long lastUpAt = Long.MIN_VALUE / 2;
  private long backoffMs = LayerSelector.FIRST_BACKOFF_MS;

  TemporalFilter() {
    Arrays.fill(history, -1);
    Arrays.fill(incoming, -1);
  }

  int cap() {
    return cap;
  }

  boolean baseOnly() {
    return baseOnly;
  }

  long droppedPackets() {
    return droppedPackets;
  }

  /** Whether the stream's packets carried a TID at all (Chrome's VP8 with temporal layers does). */
  boolean sawTemporal() {
    return sawTemporal;
  }

  /**
   * Decides from the player's estimate whether it gets temporal layer 0 only: when the video's
   * bitrate plus its other media exceeds 95 % of the estimate; back to all layers once they fit in
   * 75 % of it and the upgrade wait after the drop has passed (a drop soon after going back up
   * doubles the wait, as for spatial layers).
   */
  void choose(long estimateBps, long videoBps, long otherBps, long nowMs) {
    if (videoBps <= 0) {
      return; // nothing measured (paused or not yet sending): keep the state
    }
    boolean fits = videoBps + otherBps <= estimateBps * (baseOnly ? 0.75 : 0.95);
    if (!baseOnly && !fits) {
      baseOnly = true;
      backoffMs =
          nowMs - lastUpAt < LayerSelector.FIRST_BACKOFF_MS
              ? Math.min(LayerSelector.MAX_BACKOFF_MS, 2 * backoffMs)
              : LayerSelector.FIRST_BACKOFF_MS;
      upAllowedAt = nowMs + backoffMs;
    } else if (baseOnly && fits && nowMs >= upAllowedAt) {
      baseOnly = false;
      lastUpAt = nowMs;
    }
    wanted = baseOnly ? 0 : ALL;
  }

  /** Sets the wanted cap directly (tests; 0: base layer only, {@link #ALL}: everything). */
  void want(int maxTid) {
    wanted = maxTid;
    baseOnly = maxTid < ALL;
  }

  /**
   * Whether the player gets this VP8 packet ({@code b} at {@code off}, {@code len} bytes); if so,
   * its sequence number is rewritten in place to close the gaps of dropped packets.
   */
  boolean accept(byte[] b, int off, int len) {
    int payload = off + Rtp.headerLength(b, off, len);
    int plen = Rtp.payloadLength(b, off, len);
    int tid = VideoPayloads.vp8TemporalLayer(b, payload, plen);
    sawTemporal |= VideoPayloads.vp8HasTemporalLayer(b, payload, plen);
    int seq = Rtp.sequence(b, off);
    if (started
        && ((seq - highest - 1) & 0xFFFF)
            >= 0x7FFF) { // not newer than the newest: late or a duplicate
      return late(b, off, seq, tid);
    }
    started = true;
    highest = seq;
    if (wanted != cap && VideoPayloads.isVp8FrameStart(b, payload, plen)) {
      if (wanted < cap) {
        cap = wanted;
      } else if (VideoPayloads.isVp8Keyframe(b, payload, plen)) {
        cap = wanted;
      } else if (tid > cap && tid <= wanted && VideoPayloads.vp8LayerSync(b, payload, plen)) {
        cap = tid;
      }
    }
    if (tid > cap) {
      dropped = (dropped + 1) & 0xFFFF;
      droppedPackets++;
      incoming[seq & (HISTORY - 1)] = DROPPED | ((long) seq << 16) | dropped;
      return false;
    }
    incoming[seq & (HISTORY - 1)] = ((long) seq << 16) | dropped;
    int out = (seq - dropped) & 0xFFFF;
    history[out & (HISTORY - 1)] = ((long) out << 16) | seq;
    Rtp.setSequence(b, off, out);
    return true;
  }

  /**
   * A packet older than the newest one (reordered, or recovered from the publisher by RTX): it gets
   * the number of the hole it left, from the drop count after the packet before it; dropped when
   * its layer is not forwarded, when it was dropped before, or when nothing before it is
   * remembered.
   */
  private boolean late(byte[] b, int off, int seq, int tid) {
    long self = incoming[seq & (HISTORY - 1)];
    if (tid > cap || self >= 0 && (self & DROPPED) != 0 && (self >>> 16 & 0xFFFF) == seq) {
      return false;
    }
    for (int back = 1; back <= 64; back++) {
      int prev = (seq - back) & 0xFFFF;
      long h = incoming[prev & (HISTORY - 1)];
      if (h >= 0 && (h >>> 16 & 0xFFFF) == prev) {
        int out = (seq - (int) (h & 0xFFFF)) & 0xFFFF;
        history[out & (HISTORY - 1)] = ((long) out << 16) | seq;
        Rtp.setSequence(b, off, out);
        return true;
      }
    }
    return false;
  }

  /**
   * The incoming sequence number of a packet the player got as {@code playerSeq} (its NACKs), or -1
   * when out of reach.
   */
  int incomingSequence(int playerSeq) {
    if (dropped == 0 && droppedPackets == 0) {
      return playerSeq & 0xFFFF;
    }
    long h = history[playerSeq & (HISTORY - 1)];
    return h >= 0 && (h >>> 16) == (playerSeq & 0xFFFF) ? (int) (h & 0xFFFF) : -1;
  }
}
