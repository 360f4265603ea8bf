package io.liveroom.media.engine;

import io.liveroom.media.rtp.TransportCcFeedback;
import java.util.Arrays;

/**
 * A player's bandwidth estimate from the transport-cc feedback its browser sends, in the spirit of
 * draft-ietf-rmcat-gcc: the node numbers what it sends the player (transport-wide sequence
 * numbers), remembers when and how much it sent, and on each feedback compares send and arrival
 * spacing of packet groups (5 ms bursts). A trendline of the accumulated one-way delay variation
 * over the last 20 groups, against an adaptive threshold, says over-use (the bottleneck queue
 * grows), under-use or normal. Over-use must show in two trend updates in a row, and the
 * acknowledged (arrival) rate must be below 85 % of the send rate of the same packets, so the delay
 * noise of a loaded receiver is not taken for a queue. Rate control (AIMD): over-use sets the
 * estimate to 85 % of the acknowledged rate; normal grows it 8 %/s, capped at 1.5 x the
 * acknowledged rate + 100 kbit/s (or what the next better layer needs, see {@link #probeCeiling});
 * loss above 10 % scales it by (1 - loss/2). Forwarding thread only; time is passed in
 * (microseconds).
 */
final class SendSideEstimator {
  enum Signal {
    NORMAL,
    OVERUSE,
    UNDERUSE
  }

  private static final int HISTORY = 1 << 13;
  private static final long GROUP_US = 5_000;
  private static final int TREND_WINDOW = 20;
  private static final double SMOOTHING = 0.9;
  private static final double TREND_GAIN = 4.0;
  private static final long MIN_BPS = 50_000;

  private final long[] sendMicros = new long[HISTORY];
  private final int[] sizes = new int[HISTORY];
  private final int[] seqs = new int[HISTORY];
  private final long maxBps;
  private long estimateBps;
  private double ackedBps;
  private double sentBps;
  private int overuseRun;
  private double lossFraction;
  private Signal signal = Signal.NORMAL;
  private long lastUpdateMicros = -1;
  private long lastDecreaseMicros = Long.MIN_VALUE / 2;
  private long overuses;
  private long probeCeilingBps;
  // delay trend state
  private long groupSend = -1;
  private long groupArrival = -1;
  private long prevGroupSend = -1;
  private long prevGroupArrival = -1;
  private double accumulated;
  private double smoothed;
  private final double[] trendX = new double[TREND_WINDOW];
  private final double[] trendY = new double[TREND_WINDOW];
  private int trendCount;
  private long firstArrival = -1;
  private double threshold = 12.5;
  private long lastThresholdMicros = -1;

  SendSideEstimator(long startBps, long maxBps) {
    this.estimateBps = startBps;
    this.maxBps = maxBps;
    Arrays.fill(seqs, -1);
  }

  /** A packet numbered {@code seq} of {@code bytes} went to the player at {@code nowMicros}. */
  void sent(int seq, int bytes, long nowMicros) {
    int slot = seq & (HISTORY - 1);
    seqs[slot] = seq;
    sendMicros[slot] = nowMicros;
    sizes[slot] = bytes;
  }

  long estimateBps() {
    return estimateBps;
  }

  long ackedBps() {
    return (long) ackedBps;
  }

  double lossFraction() {
    return lossFraction;
  }

  Signal signal() {
    return signal;
  }

  /**
   * Lets the estimate grow (without over-use) up to {@code bps} even beyond what is acknowledged: a
   * player on a lower layer has to be able to reach the next one (0: only 1.5 x acknowledged + 100
   * kbit/s).
   */
  void probeCeiling(long bps) {
    probeCeilingBps = bps;
  }

  long overuses() {
    return overuses;
  }

  /**
   * Feeds one transport feedback packet ({@code off} at its RTCP header) received at {@code
   * nowMicros}.
   */
  void onFeedback(byte[] b, int off, int len, long nowMicros) {
    int[] counts = new int[2]; // received, lost
    long[] bytesAndSpan = {0, Long.MAX_VALUE, Long.MIN_VALUE};
    long[] sent = {0, Long.MAX_VALUE, Long.MIN_VALUE};
    boolean ok =
        TransportCcFeedback.parse(
            b,
            off,
            len,
            (seq, received, arrival) -> {
              int slot = seq & (HISTORY - 1);
              if (seqs[slot] != seq) {
                return; // not ours or too old
              }
              sent[0] += sizes[slot];
              sent[1] = Math.min(sent[1], sendMicros[slot]);
              sent[2] = Math.max(sent[2], sendMicros[slot]);
              if (!received) {
                counts[1]++;
                return;
              }
              counts[0]++;
              bytesAndSpan[0] += sizes[slot];
              bytesAndSpan[1] = Math.min(bytesAndSpan[1], arrival);
              bytesAndSpan[2] = Math.max(bytesAndSpan[2], arrival);
              packet(sendMicros[slot], arrival);
            });
    if (!ok || counts[0] + counts[1] == 0) {
      return;
    }
    double loss = counts[1] / (double) (counts[0] + counts[1]);
    lossFraction = 0.8 * lossFraction + 0.2 * loss;
    long span = bytesAndSpan[2] - bytesAndSpan[1];
    if (counts[0] > 1 && span >= 20_000) {
      double rate = bytesAndSpan[0] * 8 * 1e6 / span;
      ackedBps = ackedBps == 0 ? rate : 0.85 * ackedBps + 0.15 * rate;
    }
    long sendSpan = sent[2] - sent[1];
    if (counts[0] + counts[1] > 1 && sendSpan >= 20_000) {
      double rate = sent[0] * 8 * 1e6 / sendSpan;
      sentBps = sentBps == 0 ? rate : 0.85 * sentBps + 0.15 * rate;
    }
    update(nowMicros);
  }

  /** One acknowledged packet, in feedback order (increasing sequence number). */
  private void packet(long send, long arrival) {
    if (groupSend >= 0 && send - groupSend < GROUP_US && send >= groupSend) {
      groupArrival = Math.max(groupArrival, arrival);
      return;
    }
    if (groupSend >= 0) {
      if (prevGroupSend >= 0) {
        double delta = ((groupArrival - prevGroupArrival) - (groupSend - prevGroupSend)) / 1000.0;
        trend(groupArrival, delta);
      }
      prevGroupSend = groupSend;
      prevGroupArrival = groupArrival;
    }
    groupSend = send;
    groupArrival = arrival;
  }

  /** Trendline filter: slope of the smoothed accumulated delay (ms) over arrival time (ms). */
  private void trend(long arrivalMicros, double deltaMs) {
    if (firstArrival < 0) {
      firstArrival = arrivalMicros;
    }
    accumulated += deltaMs;
    smoothed = SMOOTHING * smoothed + (1 - SMOOTHING) * accumulated;
    System.arraycopy(trendX, 1, trendX, 0, TREND_WINDOW - 1);
    System.arraycopy(trendY, 1, trendY, 0, TREND_WINDOW - 1);
    trendX[TREND_WINDOW - 1] = (arrivalMicros - firstArrival) / 1000.0;
    trendY[TREND_WINDOW - 1] = smoothed;
    trendCount++;
    if (trendCount < TREND_WINDOW) {
      return;
    }
    double mx = 0;
    double my = 0;
    for (int i = 0; i < TREND_WINDOW; i++) {
      mx += trendX[i];
      my += trendY[i];
    }
    mx /= TREND_WINDOW;
    my /= TREND_WINDOW;
    double num = 0;
    double den = 0;
    for (int i = 0; i < TREND_WINDOW; i++) {
      num += (trendX[i] - mx) * (trendY[i] - my);
      den += (trendX[i] - mx) * (trendX[i] - mx);
    }
    double slope = den == 0 ? 0 : num / den;
    double modified = Math.min(trendCount, 60) * slope * TREND_GAIN;
    // over-use needs two trend updates in a row (a scheduling hiccup of a loaded receiver is one)
    overuseRun = modified > threshold ? overuseRun + 1 : 0;
    signal =
        overuseRun >= 2 ? Signal.OVERUSE : modified < -threshold ? Signal.UNDERUSE : Signal.NORMAL;
    // adaptive threshold (gcc 5.4): follows |trend| slowly up, faster down, within [6, 600] ms
    if (lastThresholdMicros >= 0 && Math.abs(modified) < threshold + 15) {
      double k = Math.abs(modified) < threshold ? 0.039 : 0.0087;
      double dt = Math.min(100, (arrivalMicros - lastThresholdMicros) / 1000.0);
      threshold = Math.max(6, Math.min(600, threshold + k * (Math.abs(modified) - threshold) * dt));
    }
    lastThresholdMicros = arrivalMicros;
  }

  private void update(long now) {
    double dt = lastUpdateMicros < 0 ? 0 : Math.min(1.0, (now - lastUpdateMicros) / 1e6);
    lastUpdateMicros = now;
    long next = estimateBps;
    // a growing queue also shows as arrivals slower than sends; delay noise alone does not
    boolean limited = sentBps > 0 && ackedBps < 0.85 * sentBps;
    if (signal == Signal.OVERUSE && limited) {
      if (now - lastDecreaseMicros > 300_000 && ackedBps > 0) {
        next = Math.min(estimateBps, (long) (0.85 * ackedBps));
        lastDecreaseMicros = now;
        overuses++;
      }
    } else if (lossFraction > 0.10) {
      next = (long) (estimateBps * (1 - 0.5 * lossFraction * dt));
    } else if (signal == Signal.NORMAL) {
      long grown = (long) (estimateBps * (1 + 0.08 * dt)) + 1;
      long cap =
          ackedBps > 0 ? Math.max((long) (1.5 * ackedBps) + 100_000, probeCeilingBps) : maxBps;
      next = Math.max(estimateBps, Math.min(grown, cap));
    }
    estimateBps = Math.max(MIN_BPS, Math.min(maxBps, next));
  }
}
