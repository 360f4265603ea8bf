package io.liveroom.media.rtp;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Recently forwarded (decrypted) RTP packets per source, to answer NACKs. Single-threaded; slots
 * reused.
 */
public final class PacketCache {
  private final int size;
  private final Map<Long, Ring> rings = new HashMap<>();

  public PacketCache(int packetsPerSource) {
    this.size = Integer.highestOneBit(Math.max(16, packetsPerSource));
  }

  public void put(long ssrc, int seq, byte[] b, int off, int len) {
    Ring ring = rings.computeIfAbsent(ssrc, k -> new Ring(size));
    int slot = seq & (size - 1);
    byte[] data = ring.data[slot];
    if (data == null || data.length < len) {
      data = new byte[Math.max(len, 1500)];
      ring.data[slot] = data;
    }
    System.arraycopy(b, off, data, 0, len);
    ring.lengths[slot] = len;
    ring.seqs[slot] = seq;
  }

  /** Whether packet {@code seq} of {@code ssrc} is cached (it arrived already). */
  public boolean contains(long ssrc, int seq) {
    Ring ring = rings.get(ssrc);
    return ring != null
        && ring.seqs[seq & (size - 1)] == seq
        && ring.data[seq & (size - 1)] != null;
  }

  /** Copies the cached packet into {@code out} and returns its length, or -1 when it is gone. */
  public int get(long ssrc, int seq, byte[] out) {
    Ring ring = rings.get(ssrc);
    if (ring == null) {
      return -1;
    }
    int slot = seq & (size - 1);
    if (ring.data[slot] == null || ring.seqs[slot] != seq || out.length < ring.lengths[slot]) {
      return -1;
    }
    System.arraycopy(ring.data[slot], 0, out, 0, ring.lengths[slot]);
    return ring.lengths[slot];
  }

  private static final class Ring {
    final byte[][] data;
    final int[] lengths;
    final int[] seqs;

    Ring(int size) {
      data = new byte[size][];
      lengths = new int[size];
      seqs = new int[size];
      Arrays.fill(seqs, -1);
    }
  }
}
