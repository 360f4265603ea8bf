package io.liveroom.media.rtp;

/** Reception statistics of one RTP source (RFC 3550 A.1, A.3, A.8). Single-threaded. */
public final class ReceiveStats {
  private final long ssrc;
  private final int clockRate;
  private boolean started;
  private int baseSeq;
  private int maxSeq;
  private long cycles;
  private long received;
  private long expectedPrior;
  private long receivedPrior;
  private double jitter;
  private long lastTransit;
  private long lastSrNtp;
  private long lastSrRtp;
  private long lastSrArrivalMillis;
  private int lastFractionLost;

  public ReceiveStats(long ssrc, int clockRate) {
    this.ssrc = ssrc;
    this.clockRate = clockRate;
  }

  public void packet(int seq, long rtpTimestamp, long arrivalMillis) {
    if (!started) {
      started = true;
      baseSeq = seq;
      maxSeq = seq;
    } else {
      int delta = (seq - maxSeq) & 0xFFFF;
      if (delta != 0 && delta < 0x8000) {
        if (seq < maxSeq) {
          cycles += 65536;
        }
        maxSeq = seq;
      }
    }
    received++;
    long arrival = arrivalMillis * clockRate / 1000;
    long transit = arrival - rtpTimestamp;
    if (received > 1) {
      long d = Math.abs(transit - lastTransit);
      jitter += (d - jitter) / 16.0;
    }
    lastTransit = transit;
  }

  /** The publisher's sender report for this source. */
  public void senderReport(long ntp, long rtpTimestamp, long arrivalMillis) {
    lastSrNtp = ntp;
    lastSrRtp = rtpTimestamp;
    lastSrArrivalMillis = arrivalMillis;
  }

  public boolean hasSenderReport() {
    return lastSrArrivalMillis != 0;
  }

  /** The RTP timestamp that corresponds to {@code nowMillis}, extrapolated from the last SR. */
  public long rtpTimestampAt(long nowMillis) {
    return (lastSrRtp + (nowMillis - lastSrArrivalMillis) * clockRate / 1000) & 0xFFFFFFFFL;
  }

  public long packetsReceived() {
    return received;
  }

  public long packetsLost() {
    return started ? Math.max(0, cycles + maxSeq - baseSeq + 1 - received) : 0;
  }

  /** Loss in the last report interval, 0-255. */
  public int lastFractionLost() {
    return lastFractionLost;
  }

  /** A report block for an RR; advances the interval counters. */
  public Rtcp.ReportBlock report(long nowMillis) {
    long extendedMax = cycles + maxSeq;
    long expected = extendedMax - baseSeq + 1;
    long lost = Math.max(0, Math.min(expected - received, 0x7FFFFF));
    long expectedInterval = expected - expectedPrior;
    long receivedInterval = received - receivedPrior;
    expectedPrior = expected;
    receivedPrior = received;
    long lostInterval = expectedInterval - receivedInterval;
    int fraction =
        expectedInterval == 0 || lostInterval <= 0
            ? 0
            : (int) ((lostInterval << 8) / expectedInterval);
    lastFractionLost = Math.min(fraction, 255);
    long lsr = lastSrArrivalMillis == 0 ? 0 : (lastSrNtp >>> 16) & 0xFFFFFFFFL;
    long dlsr = lastSrArrivalMillis == 0 ? 0 : (nowMillis - lastSrArrivalMillis) * 65536 / 1000;
    return new Rtcp.ReportBlock(
        ssrc, lastFractionLost, (int) lost, extendedMax & 0xFFFFFFFFL, (long) jitter, lsr, dlsr);
  }
}
