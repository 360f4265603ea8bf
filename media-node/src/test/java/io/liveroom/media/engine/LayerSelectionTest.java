package io.liveroom.media.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.media.rtp.Rtp;
import io.liveroom.media.rtp.TransportCcFeedback;
import org.junit.jupiter.api.Test;

/** Layer switching with rewriting, and the send-side estimator fed with transport-cc feedback. */
class LayerSelectionTest {
  private static byte[] packet(int seq, long ts, long ssrc) {
    byte[] p = new byte[16];
    p[0] = (byte) 0x80;
    p[1] = 96;
    Rtp.setSequence(p, 0, seq);
    Rtp.setTimestamp(p, 0, ts);
    Rtp.setSsrc(p, 0, ssrc);
    return p;
  }

  @Test
  void switchesOnlyOnKeyframesAndKeepsOneContinuousStream() {
    LayerSelector l = new LayerSelector(777, 2, LayerSelector.Preference.AUTO);
    byte[] p = packet(500, 90_000, 1);
    assertFalse(l.accept(0, false, p, 0), "no key frame yet");
    assertTrue(l.accept(0, true, p, 0));
    assertEquals(777, Rtp.ssrc(p, 0));
    assertEquals(500, Rtp.sequence(p, 0));
    p = packet(501, 93_000, 1);
    assertTrue(l.accept(0, false, p, 0));

    l.choose(300_000, new long[] {1_200_000, 250_000}, 40_000, 0);
    assertEquals(1, l.target(), "the top layer does not fit 300 kbit/s");
    assertTrue(l.switching());
    p = packet(9000, 5_000_000, 2);
    assertFalse(l.accept(1, false, p, 0), "waits for a key frame of the new layer");
    p = packet(502, 96_000, 1);
    assertTrue(l.accept(0, false, p, 0), "the old layer goes on meanwhile");
    p = packet(9001, 5_003_000, 2);
    assertTrue(l.accept(1, true, p, 0));
    assertEquals(503, Rtp.sequence(p, 0), "sequence continues");
    assertEquals(99_000, Rtp.timestamp(p, 0), "timestamp continues one frame later");
    assertEquals(777, Rtp.ssrc(p, 0));
    assertFalse(l.accept(0, true, packet(503, 99_000, 1), 0), "the old layer is dropped now");
    assertEquals(9001, l.sourceSequence(503), "player NACKs map back to the layer");
    assertEquals(
        -1,
        l.sourceSequence(502),
        "a NACK for the old layer's packet is not answered from this one");
    assertEquals(1, l.switches());

    l.choose(1_400_000, new long[] {1_200_000, 250_000}, 40_000, 31_000);
    assertEquals(1, l.target(), "going up needs headroom (1.24 Mbit/s > 75 % of 1.4)");
    l.choose(2_000_000, new long[] {1_200_000, 250_000}, 40_000, 1_000);
    assertEquals(1, l.target(), "no upgrade right after a downgrade");
    assertEquals(0, l.betterLayer(), "the estimate may grow towards layer 0");
    l.choose(2_000_000, new long[] {1_200_000, 250_000}, 40_000, 59_000);
    assertEquals(1, l.target(), "still backing off");
    l.choose(2_000_000, new long[] {1_200_000, 250_000}, 40_000, 61_000);
    assertEquals(0, l.target(), "after the back-off it tries the better layer");
    assertTrue(l.accept(0, true, packet(600, 200_000, 1), 0));
    l.choose(300_000, new long[] {1_200_000, 250_000}, 40_000, 65_000);
    assertEquals(1, l.target(), "it did not fit");
    assertTrue(l.accept(1, true, packet(9100, 6_000_000, 2), 0));
    l.choose(2_000_000, new long[] {1_200_000, 250_000}, 40_000, 65_000 + 61_000);
    assertEquals(1, l.target(), "a failed try doubles the back-off");
    l.choose(2_000_000, new long[] {1_200_000, 250_000}, 40_000, 65_000 + 121_000);
    assertEquals(0, l.target());

    LayerSelector low = new LayerSelector(1, 3, LayerSelector.Preference.LOW);
    low.choose(10_000_000, new long[] {1, 1, 1}, 0, 0);
    assertEquals(2, low.target());
    LayerSelector high = new LayerSelector(1, 3, LayerSelector.Preference.HIGH);
    high.choose(10_000, new long[] {1_000_000, 1, 1}, 0, 0);
    assertEquals(0, high.target());
  }

  @Test
  void readsThePlayersPreference() {
    assertEquals(LayerSelector.Preference.AUTO, LayerSelector.Preference.fromOffer("v=0\r\n"));
    assertEquals(
        LayerSelector.Preference.LOW,
        LayerSelector.Preference.fromOffer("v=0\r\na=x-liveroom-video-layer:low\r\nm=audio 9"));
    assertNull(LayerSelector.Preference.fromOffer("v=0\r\na=x-liveroom-video-layer:best\r\n"));
  }

  /**
   * Feedback as the player's browser would write it, for packets sent every {@code gapUs} arriving
   * {@code arrivalGapUs} apart.
   */
  private static void feed(
      SendSideEstimator e,
      int firstSeq,
      int count,
      long sendStart,
      long gapUs,
      long arrivalGapUs,
      int lossEvery,
      long[] clock) {
    TransportCcFeedback receiver = new TransportCcFeedback();
    byte[] b = new byte[1500];
    for (int i = 0; i < count; i++) {
      e.sent(firstSeq + i, 1200, sendStart + i * gapUs);
      if (lossEvery == 0 || i % lossEvery != lossEvery - 1) {
        receiver.received(firstSeq + i, 40_000 + sendStart + i * arrivalGapUs);
      }
      if (i % 8 == 7) { // the browser sends feedback every few packets
        int end = receiver.write(b, 0, 1, 2, 1200);
        e.onFeedback(b, 0, end, clock[0] += 50_000);
      }
    }
  }

  @Test
  void estimatorBacksOffWhenTheQueueGrowsAndGrowsWhenItDoesNot() {
    long[] clock = {0};
    SendSideEstimator e = new SendSideEstimator(2_000_000, 5_000_000);
    // 1200-byte packets every 6 ms (1.6 Mbit/s) through a 400 kbit/s bottleneck: arrivals 24 ms
    // apart
    feed(e, 0, 200, 0, 6_000, 24_000, 0, clock);
    assertEquals(SendSideEstimator.Signal.OVERUSE, e.signal());
    assertTrue(
        e.estimateBps() < 700_000,
        "estimate follows the acknowledged rate down: " + e.estimateBps());
    assertTrue(e.ackedBps() > 300_000 && e.ackedBps() < 500_000, "acked " + e.ackedBps());

    SendSideEstimator good = new SendSideEstimator(500_000, 5_000_000);
    long[] clock2 = {0};
    feed(good, 0, 400, 0, 10_000, 10_000, 0, clock2);
    assertEquals(SendSideEstimator.Signal.NORMAL, good.signal());
    assertTrue(good.estimateBps() > 500_000, "no queue: grows " + good.estimateBps());

    SendSideEstimator lossy = new SendSideEstimator(1_000_000, 5_000_000);
    long[] clock3 = {0};
    feed(lossy, 0, 400, 0, 10_000, 10_000, 4, clock3); // 25 % loss
    assertTrue(lossy.lossFraction() > 0.15);
    assertTrue(lossy.estimateBps() < 1_000_000, "heavy loss lowers it: " + lossy.estimateBps());
  }
}
