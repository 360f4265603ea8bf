package io.liveroom.media.rtp;

import static io.liveroom.media.rtp.Rtp.writeUint16;
import static io.liveroom.media.rtp.Rtp.writeUint32;

import java.util.Arrays;

/**
 * The receiving side of transport-wide congestion control
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01): records when each transport-wide sequence
 * number arrived and writes RTCP transport feedback (RTPFB, FMT 15) so the sender's own estimator
 * runs. Single-threaded. Packets are described with two-bit status vector chunks (7 per chunk) and
 * 8- or 16-bit receive deltas in 250 us units.
 */
public final class TransportCcFeedback {
  public static final int FMT = 15;
  private static final int WINDOW = 1 << 12;

  /**
   * Arrival time in microseconds per extended sequence number (slot = seq & (WINDOW - 1)); -1 = not
   * received.
   */
  private final long[] arrivals = new long[WINDOW];

  private final long[] seqOfSlot = new long[WINDOW];
  private long next = -1;
  private long highest = -1;
  private int feedbackCount;
  private long referenceMicros = Long.MIN_VALUE;

  public TransportCcFeedback() {
    Arrays.fill(seqOfSlot, -1);
  }

  /**
   * A packet with transport-wide sequence number {@code seq} (16 bits) arrived at {@code
   * arrivalMicros}.
   */
  public void received(int seq, long arrivalMicros) {
    long ext = extend(seq);
    if (next < 0) {
      next = ext;
    }
    if (ext < next || ext - next >= WINDOW) {
      if (ext - next >= WINDOW) { // a jump: report from here on
        next = ext;
      } else {
        return; // older than what was already reported
      }
    }
    int slot = (int) (ext & (WINDOW - 1));
    seqOfSlot[slot] = ext;
    arrivals[slot] = arrivalMicros;
    highest = Math.max(highest, ext);
  }

  private long extend(int seq) {
    if (highest < 0) {
      return seq;
    }
    long base = highest & ~0xFFFFL;
    long candidate = base | seq;
    if (candidate - highest > 0x8000) {
      candidate -= 0x10000;
    } else if (highest - candidate > 0x8000) {
      candidate += 0x10000;
    }
    return candidate;
  }

  public boolean pending() {
    return next >= 0 && highest >= next;
  }

  private boolean has(long ext) {
    return seqOfSlot[(int) (ext & (WINDOW - 1))] == ext;
  }

  private long arrival(long ext) {
    return arrivals[(int) (ext & (WINDOW - 1))];
  }

  /**
   * Writes one feedback packet at {@code pos} covering the sequence numbers not yet reported (as
   * many as fit in {@code maxBytes}) and returns the end position, or {@code pos} when nothing is
   * pending.
   */
  public int write(byte[] b, int pos, long senderSsrc, long mediaSsrc, int maxBytes) {
    if (!pending()) {
      return pos;
    }
    long first = next;
    long firstReceived = first;
    while (!has(firstReceived)) {
      firstReceived++; // highest was received, so this ends
    }
    long firstArrival = arrival(firstReceived);
    // reference time: multiples of 64 ms, 24 bits
    long reference = Math.floorDiv(firstArrival, 64_000L);
    long previous = reference * 64_000L;
    int maxPackets = Math.min((int) (highest - first + 1), 0xFFFF);
    // status + delta sizes, stopping where a delta does not fit in 16 bits or the packet is full
    int[] symbols = new int[maxPackets];
    int[] deltas = new int[maxPackets];
    int count = 0;
    int deltaBytes = 0;
    for (long s = first; count < maxPackets; s++) {
      int symbol = 0;
      int delta = 0;
      if (has(s)) {
        long d = Math.round((arrival(s) - previous) / 250.0);
        if (d < Short.MIN_VALUE || d > Short.MAX_VALUE) {
          break;
        }
        delta = (int) d;
        symbol = d >= 0 && d <= 255 ? 1 : 2;
        previous += d * 250;
      }
      int size = 20 + 2 * ((count + 1 + 6) / 7) + deltaBytes + symbol;
      if (size + 3 > maxBytes) {
        break;
      }
      symbols[count] = symbol;
      deltas[count] = delta;
      deltaBytes += symbol;
      count++;
    }
    b[pos] = (byte) (0x80 | FMT);
    b[pos + 1] = (byte) Rtcp.RTPFB;
    writeUint32(b, pos + 4, senderSsrc);
    writeUint32(b, pos + 8, mediaSsrc);
    writeUint16(b, pos + 12, (int) (first & 0xFFFF));
    writeUint16(b, pos + 14, count);
    b[pos + 16] = (byte) (reference >> 16);
    b[pos + 17] = (byte) (reference >> 8);
    b[pos + 18] = (byte) reference;
    b[pos + 19] = (byte) feedbackCount;
    feedbackCount = (feedbackCount + 1) & 0xFF;
    int p = pos + 20;
    for (int i = 0; i < count; i += 7) {
      int chunk = 0xC000; // status vector chunk, two-bit symbols
      for (int j = 0; j < 7; j++) {
        int symbol = i + j < count ? symbols[i + j] : 0;
        chunk |= symbol << (2 * (6 - j));
      }
      writeUint16(b, p, chunk);
      p += 2;
    }
    for (int i = 0; i < count; i++) {
      if (symbols[i] == 1) {
        b[p++] = (byte) deltas[i];
      } else if (symbols[i] == 2) {
        writeUint16(b, p, deltas[i] & 0xFFFF);
        p += 2;
      }
    }
    int padding = (4 - (p - pos) % 4) % 4;
    if (padding > 0) {
      for (int i = 0; i < padding - 1; i++) {
        b[p++] = 0;
      }
      b[p++] = (byte) padding;
      b[pos] |= 0x20;
    }
    writeUint16(b, pos + 2, (p - pos) / 4 - 1);
    next = first + count;
    referenceMicros = reference * 64_000L;
    return p;
  }

  /** Reference time of the last feedback written, in microseconds (for tests). */
  long lastReferenceMicros() {
    return referenceMicros;
  }

  /** What a transport feedback packet says about one sent packet. */
  public interface PacketVisitor {
    /**
     * {@code arrivalMicros} is relative to the sender's clock of the feedback (reference time
     * based); -1 if lost.
     */
    void packet(int seq, boolean received, long arrivalMicros);
  }

  /**
   * Reads a transport feedback packet ({@code off} at its RTCP header, {@code len} its length) and
   * reports every packet status it carries. Returns false when the packet is malformed.
   */
  public static boolean parse(byte[] b, int off, int len, PacketVisitor visitor) {
    if (len < 20) {
      return false;
    }
    int end = off + len;
    if ((b[off] & 0x20) != 0) {
      end -= b[off + len - 1] & 0xFF;
    }
    int base = ((b[off + 12] & 0xFF) << 8) | (b[off + 13] & 0xFF);
    int count = ((b[off + 14] & 0xFF) << 8) | (b[off + 15] & 0xFF);
    int ref = ((b[off + 16] & 0xFF) << 16) | ((b[off + 17] & 0xFF) << 8) | (b[off + 18] & 0xFF);
    if ((ref & 0x800000) != 0) {
      ref -= 0x1000000;
    }
    int[] symbols = new int[count];
    int p = off + 20;
    int n = 0;
    while (n < count) {
      if (p + 2 > end) {
        return false;
      }
      int chunk = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
      p += 2;
      if ((chunk & 0x8000) == 0) { // run length
        int symbol = (chunk >> 13) & 0x3;
        int run = chunk & 0x1FFF;
        for (int i = 0; i < run && n < count; i++) {
          symbols[n++] = symbol;
        }
      } else if ((chunk & 0x4000) == 0) { // 14 one-bit symbols
        for (int i = 13; i >= 0 && n < count; i--) {
          symbols[n++] = (chunk >> i) & 1;
        }
      } else { // 7 two-bit symbols
        for (int i = 6; i >= 0 && n < count; i--) {
          symbols[n++] = (chunk >> (2 * i)) & 3;
        }
      }
    }
    long time = ref * 64_000L;
    for (int i = 0; i < count; i++) {
      int seq = (base + i) & 0xFFFF;
      if (symbols[i] == 1) {
        if (p + 1 > end) {
          return false;
        }
        time += (b[p++] & 0xFF) * 250L;
        visitor.packet(seq, true, time);
      } else if (symbols[i] == 2) {
        if (p + 2 > end) {
          return false;
        }
        time += (short) (((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF)) * 250L;
        p += 2;
        visitor.packet(seq, true, time);
      } else {
        visitor.packet(seq, false, -1);
      }
    }
    return true;
  }
}
