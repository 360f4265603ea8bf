package io.liveroom.media.rtp;

import static io.liveroom.media.rtp.Rtp.readUint32;
import static io.liveroom.media.rtp.Rtp.writeUint16;
import static io.liveroom.media.rtp.Rtp.writeUint32;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Builds and walks RTCP packets (RFC 3550, RFC 4585 PLI/NACK, RFC 5104 FIR, REMB). Builders return
 * the end position.
 */
public final class Rtcp {
  public static final int SR = 200;
  public static final int RR = 201;
  public static final int BYE = 203;
  public static final int RTPFB = 205;
  public static final int PSFB = 206;
  public static final int FMT_NACK = 1;
  public static final int FMT_PLI = 1;
  public static final int FMT_FIR = 4;
  public static final int FMT_AFB = 15;
  private static final long NTP_EPOCH_OFFSET = 2_208_988_800L;

  /** Visits the packets of a compound RTCP packet. */
  public interface Visitor {
    /** {@code off} is the start of one packet, {@code len} its length in bytes. */
    void packet(int type, int count, byte[] b, int off, int len);
  }

  private Rtcp() {}

  public static void walk(byte[] b, int off, int len, Visitor visitor) {
    int pos = off;
    int end = off + len;
    while (pos + 4 <= end) {
      if ((b[pos] & 0xC0) != 0x80) {
        return;
      }
      int size = 4 * ((((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF)) + 1);
      if (pos + size > end) {
        return;
      }
      visitor.packet(b[pos + 1] & 0xFF, b[pos] & 0x1F, b, pos, size);
      pos += size;
    }
  }

  /** NTP timestamp (64 bits) for a wall-clock time in milliseconds. */
  public static long ntp(long unixMillis) {
    long seconds = unixMillis / 1000 + NTP_EPOCH_OFFSET;
    long fraction = ((unixMillis % 1000) << 32) / 1000;
    return (seconds << 32) | fraction;
  }

  /** A report block (RFC 3550 6.4.1) about one received source. */
  public record ReportBlock(
      long ssrc,
      int fractionLost,
      int cumulativeLost,
      long extendedHighestSeq,
      long jitter,
      long lastSr,
      long delaySinceLastSr) {}

  public static int receiverReport(byte[] b, int pos, long senderSsrc, List<ReportBlock> blocks) {
    int count = Math.min(blocks.size(), 31);
    header(b, pos, count, RR, 1 + 6 * count);
    writeUint32(b, pos + 4, senderSsrc);
    int p = pos + 8;
    for (int i = 0; i < count; i++) {
      ReportBlock r = blocks.get(i);
      writeUint32(b, p, r.ssrc());
      writeUint32(
          b, p + 4, ((long) (r.fractionLost() & 0xFF) << 24) | (r.cumulativeLost() & 0xFFFFFF));
      writeUint32(b, p + 8, r.extendedHighestSeq());
      writeUint32(b, p + 12, r.jitter());
      writeUint32(b, p + 16, r.lastSr());
      writeUint32(b, p + 20, r.delaySinceLastSr());
      p += 24;
    }
    return p;
  }

  public static int senderReport(
      byte[] b, int pos, long ssrc, long ntp, long rtpTimestamp, long packets, long octets) {
    header(b, pos, 0, SR, 6);
    writeUint32(b, pos + 4, ssrc);
    writeUint32(b, pos + 8, ntp >>> 32);
    writeUint32(b, pos + 12, ntp);
    writeUint32(b, pos + 16, rtpTimestamp);
    writeUint32(b, pos + 20, packets);
    writeUint32(b, pos + 24, octets);
    return pos + 28;
  }

  public static int pli(byte[] b, int pos, long senderSsrc, long mediaSsrc) {
    header(b, pos, FMT_PLI, PSFB, 2);
    writeUint32(b, pos + 4, senderSsrc);
    writeUint32(b, pos + 8, mediaSsrc);
    return pos + 12;
  }

  /** REMB (draft-alvestrand-rmcat-remb): the receiver's estimate for the listed sources. */
  public static int remb(byte[] b, int pos, long senderSsrc, long bitrateBps, List<Long> ssrcs) {
    int n = Math.min(ssrcs.size(), 255);
    header(b, pos, FMT_AFB, PSFB, 4 + n);
    writeUint32(b, pos + 4, senderSsrc);
    writeUint32(b, pos + 8, 0);
    b[pos + 12] = 'R';
    b[pos + 13] = 'E';
    b[pos + 14] = 'M';
    b[pos + 15] = 'B';
    int exp = 0;
    long mantissa = Math.max(0, bitrateBps);
    while (mantissa > 0x3FFFF) {
      mantissa >>= 1;
      exp++;
    }
    b[pos + 16] = (byte) n;
    b[pos + 17] = (byte) ((exp << 2) | (mantissa >>> 16));
    writeUint16(b, pos + 18, (int) (mantissa & 0xFFFF));
    int p = pos + 20;
    for (int i = 0; i < n; i++) {
      writeUint32(b, p, ssrcs.get(i));
      p += 4;
    }
    return p;
  }

  public static int bye(byte[] b, int pos, List<Long> ssrcs) {
    int n = Math.min(ssrcs.size(), 31);
    header(b, pos, n, BYE, n);
    for (int i = 0; i < n; i++) {
      writeUint32(b, pos + 4 + 4 * i, ssrcs.get(i));
    }
    return pos + 4 + 4 * n;
  }

  /**
   * Generic NACKs (RFC 4585 6.2.1) for {@code seqs} (in increasing order, wrapping allowed): one
   * FCI per run of up to 17 packets; at most {@code maxItems} FCIs. Returns the end position.
   */
  public static int nack(
      byte[] b, int pos, long senderSsrc, long mediaSsrc, int[] seqs, int n, int maxItems) {
    writeUint32(b, pos + 4, senderSsrc);
    writeUint32(b, pos + 8, mediaSsrc);
    int p = pos + 12;
    int items = 0;
    for (int i = 0; i < n && items < maxItems; items++) {
      int pid = seqs[i++];
      int blp = 0;
      while (i < n) {
        int d = (seqs[i] - pid) & 0xFFFF;
        if (d < 1 || d > 16) {
          break;
        }
        blp |= 1 << (d - 1);
        i++;
      }
      writeUint16(b, p, pid);
      writeUint16(b, p + 2, blp);
      p += 4;
    }
    header(b, pos, FMT_NACK, RTPFB, (p - pos) / 4 - 1);
    return p;
  }

  /** The sequence numbers a generic NACK (RFC 4585 6.2.1) asks for, passed to {@code seqs}. */
  public static void nackedSequences(byte[] b, int off, int len, IntConsumer seqs) {
    for (int p = off + 12; p + 4 <= off + len; p += 4) {
      int pid = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
      int blp = ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
      seqs.accept(pid);
      for (int i = 0; i < 16; i++) {
        if ((blp & (1 << i)) != 0) {
          seqs.accept((pid + i + 1) & 0xFFFF);
        }
      }
    }
  }

  public static long senderSsrc(byte[] b, int off) {
    return readUint32(b, off + 4);
  }

  /** Media source SSRC of a feedback packet (RTPFB / PSFB). */
  public static long mediaSsrc(byte[] b, int off) {
    return readUint32(b, off + 8);
  }

  /** Report blocks of an SR or RR packet. */
  public static void reportBlocks(
      int type, int count, byte[] b, int off, int len, Consumer<ReportBlock> out) {
    int p = off + (type == SR ? 28 : 8);
    for (int i = 0; i < count && p + 24 <= off + len; i++, p += 24) {
      long lost = readUint32(b, p + 4);
      out.accept(
          new ReportBlock(
              readUint32(b, p),
              (int) (lost >>> 24),
              (int) (lost & 0xFFFFFF),
              readUint32(b, p + 8),
              readUint32(b, p + 12),
              readUint32(b, p + 16),
              readUint32(b, p + 20)));
    }
  }

  private static void header(byte[] b, int pos, int count, int type, int lengthWords) {
    b[pos] = (byte) (0x80 | (count & 0x1F));
    b[pos + 1] = (byte) type;
    writeUint16(b, pos + 2, lengthWords);
  }
}
