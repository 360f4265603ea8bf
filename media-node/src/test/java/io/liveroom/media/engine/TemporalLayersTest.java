package io.liveroom.media.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.media.rtp.Rtp;
import io.liveroom.media.rtp.VideoPayloads;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * VP8 temporal layers (RFC 7741 payload descriptor): TID parsing, dropping TID > 0 with gap-free
 * sequence numbers, NACK mapping through the renumbering and a layer switch, and going back up.
 */
class TemporalLayersTest {
  /**
   * An RTP packet carrying a VP8 payload descriptor as Chrome writes it with temporal layers
   * (checked on the packets of SimulcastSdkIT's publisher: TID 0, 1, 2 with Y bits on some frames):
   * X=1 (S=1, PID=0 on a frame's first packet); I, L, T set; 15-bit PictureID (M=1); TL0PICIDX;
   * TID|Y|KEYIDX; then the VP8 payload header (P bit clear on a key frame).
   */
  private static byte[] vp8(
      int seq,
      long ts,
      long ssrc,
      int pictureId,
      int tl0,
      int tid,
      boolean sync,
      boolean frameStart,
      boolean key) {
    byte[] p = new byte[12 + 6 + 10];
    p[0] = (byte) 0x80;
    p[1] = 96;
    Rtp.setSequence(p, 0, seq);
    Rtp.setTimestamp(p, 0, ts);
    Rtp.setSsrc(p, 0, ssrc);
    int d = 12;
    // as captured from Chrome's VP8 simulcast: 90 e0 (TID 0/1 frames), b0 e0 (TID 2: N bit, not a
    // reference)
    p[d] = (byte) (0x80 | (tid == 2 ? 0x20 : 0) | (frameStart ? 0x10 : 0));
    p[d + 1] = (byte) 0xE0; // I, L, T
    p[d + 2] = (byte) (0x80 | (pictureId >> 8 & 0x7F));
    p[d + 3] = (byte) pictureId;
    p[d + 4] = (byte) tl0;
    p[d + 5] = (byte) (tid << 6 | (sync ? 0x20 : 0));
    byte[] payload =
        key
            ? new byte[] {
              0x10, 0x02, 0x00, (byte) 0x9d, 0x01, 0x2a, (byte) 0x80, 0x02, (byte) 0xe0, 0x01
            }
            : new byte[] {0x31, 0x07, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77};
    System.arraycopy(payload, 0, p, d + 6, payload.length);
    return p;
  }

  private static int tidOf(byte[] p) {
    return VideoPayloads.vp8TemporalLayer(p, 12, Rtp.payloadLength(p, 0, p.length));
  }

  /** The L1T3 pattern Chrome's VP8 encoder uses: TID 0, 2, 1, 2, ...; one packet a frame here. */
  private static final int[] PATTERN = {0, 2, 1, 2};

  @Test
  void parsesTidSyncAndFrameStartFromTheDescriptor() {
    byte[] p = vp8(100, 0, 1, 0x1234, 7, 2, true, true, false);
    int plen = Rtp.payloadLength(p, 0, p.length);
    assertEquals(2, VideoPayloads.vp8TemporalLayer(p, 12, plen));
    assertTrue(VideoPayloads.vp8HasTemporalLayer(p, 12, plen));
    assertTrue(VideoPayloads.vp8LayerSync(p, 12, plen));
    assertTrue(VideoPayloads.isVp8FrameStart(p, 12, plen));
    assertFalse(VideoPayloads.isVp8Keyframe(p, 12, plen));
    byte[] k = vp8(101, 0, 1, 0x1235, 8, 0, false, true, true);
    int klen = Rtp.payloadLength(k, 0, k.length);
    assertEquals(0, VideoPayloads.vp8TemporalLayer(k, 12, klen));
    assertFalse(VideoPayloads.vp8LayerSync(k, 12, klen));
    assertTrue(VideoPayloads.isVp8Keyframe(k, 12, klen));
    // 7-bit PictureID (M=0) and no TL0PICIDX: TID is the byte after one PictureID byte
    byte[] s = {(byte) 0x90, (byte) 0xA0, 0x05, (byte) 0x40, 0x31};
    assertEquals(1, VideoPayloads.vp8TemporalLayer(s, 0, s.length));
    // no T bit: no temporal layers
    byte[] n = {(byte) 0x90, (byte) 0x80, (byte) 0x81, 0x02, 0x31};
    assertFalse(VideoPayloads.vp8HasTemporalLayer(n, 0, n.length));
    assertEquals(0, VideoPayloads.vp8TemporalLayer(n, 0, n.length));
    assertFalse(VideoPayloads.vp8LayerSync(n, 0, n.length));
  }

  @Test
  void dropsUpperTemporalLayersWithoutSequenceGapsAndMapsNacksBack() {
    TemporalFilter f = new TemporalFilter();
    Peer.OutTrack o = new Peer.OutTrack(96, null);
    o.temporal = f;
    List<Integer> out = new ArrayList<>();
    int seq = 65_530; // across the wrap
    int pic = 0;
    for (int frame = 0; frame < 4; frame++, pic++) {
      byte[] p =
          vp8(
              seq++ & 0xFFFF,
              frame * 3000L,
              1,
              pic,
              frame / 4,
              PATTERN[frame % 4],
              false,
              true,
              frame == 0);
      assertTrue(f.accept(p, 0, p.length), "all layers forwarded while it fits");
      out.add(Rtp.sequence(p, 0));
    }
    f.want(0);
    List<Integer> kept = new ArrayList<>();
    for (int frame = 4; frame < 16; frame++, pic++) {
      int tid = PATTERN[frame % 4];
      for (int part = 0; part < 2; part++) { // two packets a frame
        byte[] p =
            vp8(seq & 0xFFFF, frame * 3000L, 1, pic, frame / 4, tid, false, part == 0, false);
        boolean forwarded = f.accept(p, 0, p.length);
        assertEquals(tid == 0, forwarded, "only TID 0 goes on (frame " + frame + ")");
        if (forwarded) {
          assertEquals(0, tidOf(p));
          out.add(Rtp.sequence(p, 0));
          kept.add(seq & 0xFFFF);
        }
        seq++;
      }
    }
    for (int i = 1; i < out.size(); i++) {
      assertEquals(
          (out.get(i - 1) + 1) & 0xFFFF, out.get(i), "no gaps in the player's sequence numbers");
    }
    assertEquals(18, f.droppedPackets());
    assertTrue(f.sawTemporal());
    // a NACK for each renumbered packet maps to the packet's incoming number
    for (int i = 0; i < kept.size(); i++) {
      assertEquals(kept.get(i), PlayerFanout.sourceSequence(o, out.get(4 + i)));
    }
    assertEquals(
        65_530, PlayerFanout.sourceSequence(o, out.get(0)), "packets before the drops map too");
    assertEquals(
        -1, PlayerFanout.sourceSequence(o, (out.get(out.size() - 1) + 1) & 0xFFFF), "never sent");
  }

  @Test
  void goesBackUpOnlyAtASyncFrameOrKeyFrame() {
    TemporalFilter f = new TemporalFilter();
    f.want(0);
    byte[] p = vp8(10, 0, 1, 1, 1, 0, false, true, false);
    assertTrue(f.accept(p, 0, p.length));
    assertFalse(f.accept(vp8(11, 3000, 1, 2, 1, 2, false, true, false), 0, 28));
    f.want(TemporalFilter.ALL);
    assertFalse(
        f.accept(vp8(12, 6000, 1, 3, 1, 1, false, true, false), 0, 28),
        "a TID 1 frame without the sync bit may reference dropped frames");
    p = vp8(13, 9000, 1, 4, 2, 0, false, true, false);
    assertTrue(f.accept(p, 0, p.length));
    assertEquals(11, Rtp.sequence(p, 0));
    p = vp8(14, 12_000, 1, 5, 2, 1, true, true, false);
    assertTrue(f.accept(p, 0, p.length), "TID 1 with the sync bit: TID 1 comes back");
    assertEquals(12, Rtp.sequence(p, 0));
    assertEquals(1, f.cap());
    assertFalse(
        f.accept(vp8(15, 15_000, 1, 6, 2, 2, false, true, false), 0, 28), "TID 2 still waits");
    p = vp8(16, 18_000, 1, 7, 3, 0, false, true, true);
    assertTrue(f.accept(p, 0, p.length));
    assertEquals(TemporalFilter.ALL, f.cap(), "a key frame brings every layer back");
    p = vp8(17, 21_000, 1, 8, 3, 2, false, true, false);
    assertTrue(f.accept(p, 0, p.length));
    assertEquals(14, Rtp.sequence(p, 0), "continuous after the drops");
    assertEquals(16, PlayerFanout.sourceSequence(withFilter(f), 13));
  }

  @Test
  void dropsOnlyAtAFrameStart() {
    TemporalFilter f = new TemporalFilter();
    assertTrue(f.accept(vp8(1, 0, 1, 1, 1, 2, false, true, false), 0, 28));
    f.want(0);
    assertTrue(
        f.accept(vp8(2, 0, 1, 1, 1, 2, false, false, false), 0, 28),
        "the rest of a frame already begun is not cut off");
    assertFalse(f.accept(vp8(3, 3000, 1, 2, 1, 2, false, true, false), 0, 28));
  }

  @Test
  void aLatePacketGetsTheNumberOfItsHoleNotOneAlreadyUsed() {
    TemporalFilter f = new TemporalFilter();
    f.want(0);
    byte[] p = vp8(100, 0, 1, 1, 1, 0, false, true, false);
    assertTrue(f.accept(p, 0, p.length));
    assertEquals(100, Rtp.sequence(p, 0));
    // 101 (TID 0, second packet of the frame) is lost upstream for now
    assertFalse(f.accept(vp8(102, 3000, 1, 2, 1, 2, false, true, false), 0, 28));
    assertFalse(f.accept(vp8(103, 3000, 1, 2, 1, 2, false, false, false), 0, 28));
    p = vp8(104, 6000, 1, 3, 1, 0, false, true, false);
    assertTrue(f.accept(p, 0, p.length));
    assertEquals(102, Rtp.sequence(p, 0), "the player sees a hole at 101");
    byte[] late =
        vp8(101, 0, 1, 1, 1, 0, false, false, false); // recovered by RTX from the publisher
    assertTrue(f.accept(late, 0, late.length));
    assertEquals(101, Rtp.sequence(late, 0), "fills the hole, no clash with 102");
    assertEquals(101, f.incomingSequence(101));
    assertEquals(104, f.incomingSequence(102));
    assertFalse(
        f.accept(vp8(103, 3000, 1, 2, 1, 2, false, false, false), 0, 28),
        "a dropped packet stays dropped");
    byte[] dup = vp8(104, 6000, 1, 3, 1, 0, false, true, false);
    assertTrue(f.accept(dup, 0, dup.length));
    assertEquals(102, Rtp.sequence(dup, 0), "a duplicate keeps its number");
    p = vp8(105, 9000, 1, 4, 1, 0, false, true, false);
    assertTrue(f.accept(p, 0, p.length));
    assertEquals(103, Rtp.sequence(p, 0));
  }

  @Test
  void aStreamWithoutSimulcastDropsToItsBaseLayerBelowItsOwnBitrate() {
    Peer.OutTrack o = withFilter(new TemporalFilter());
    SendSideEstimator e = new SendSideEstimator(2_000_000, 2_500_000);
    LayerChoice.chooseTemporal(o, e, 900_000, 40_000, 0);
    assertFalse(o.temporal.baseOnly(), "940 kbit/s fit 2 Mbit/s");
    SendSideEstimator low = new SendSideEstimator(600_000, 2_500_000);
    LayerChoice.chooseTemporal(o, low, 900_000, 40_000, 1_000);
    assertTrue(o.temporal.baseOnly(), "940 kbit/s do not fit 600 kbit/s");
    LayerChoice.chooseTemporal(o, low, 0, 40_000, 2_000);
    assertTrue(o.temporal.baseOnly(), "nothing measured: the state stays");
    LayerChoice.chooseTemporal(o, e, 900_000, 40_000, 1_000 + LayerSelector.FIRST_BACKOFF_MS);
    assertFalse(o.temporal.baseOnly(), "recovered estimate, after the back-off");
    Peer.OutTrack noFilter = new Peer.OutTrack(111, null);
    LayerChoice.chooseTemporal(noFilter, low, 900_000, 40_000, 0); // audio / H264: nothing to do
  }

  private static Peer.OutTrack withFilter(TemporalFilter f) {
    Peer.OutTrack o = new Peer.OutTrack(96, null);
    o.temporal = f;
    return o;
  }

  @Test
  void simulcastLowestLayerThatDoesNotFitKeepsOnlyTheBaseLayerAndComesBack() {
    LayerSelector l = new LayerSelector(777, 2, LayerSelector.Preference.AUTO);
    Peer.OutTrack o = new Peer.OutTrack(96, null);
    o.layers = l;
    o.temporal = new TemporalFilter();
    SendSideEstimator e = new SendSideEstimator(200_000, 2_500_000);
    long[] rates = {1_200_000, 300_000};
    l.choose(e.estimateBps(), rates, 40_000, 0);
    assertEquals(1, l.target());
    LayerChoice.chooseTemporal(o, e, rates, 40_000, 0);
    assertTrue(o.temporal.baseOnly(), "340 kbit/s do not fit 200 kbit/s");

    // chained as PlayerFanout.sendTo does: the layer's rewriting, then the temporal filter
    List<Integer> out = new ArrayList<>();
    List<Integer> src = new ArrayList<>();
    int seq = 4000;
    for (int frame = 0; frame < 8; frame++) {
      byte[] p =
          vp8(
              seq,
              90_000 + frame * 3000L,
              2,
              frame,
              frame / 4,
              PATTERN[frame % 4],
              false,
              true,
              frame == 0);
      boolean forwarded = l.accept(1, frame == 0, p, 0) && o.temporal.accept(p, 0, p.length);
      assertEquals(PATTERN[frame % 4] == 0, forwarded);
      if (forwarded) {
        assertEquals(777, Rtp.ssrc(p, 0));
        out.add(Rtp.sequence(p, 0));
        src.add(seq);
      }
      seq++;
    }
    assertEquals((out.get(0) + 1) & 0xFFFF, out.get(1));
    assertEquals(
        src.get(1),
        PlayerFanout.sourceSequence(o, out.get(1)),
        "NACK maps through both rewritings");

    LayerChoice.chooseTemporal(o, e, rates, 40_000, 30_000);
    assertTrue(o.temporal.baseOnly(), "still does not fit");
    o.temporal.choose(420_000, 300_000, 40_000, 40_000);
    assertTrue(o.temporal.baseOnly(), "fits 95 % but going up needs 75 %: stays");
    o.temporal.choose(600_000, 300_000, 40_000, 50_000);
    assertTrue(o.temporal.baseOnly(), "waits the back-off after the drop");
    o.temporal.choose(600_000, 300_000, 40_000, 61_000);
    assertFalse(o.temporal.baseOnly(), "back to every temporal layer");
    o.temporal.choose(300_000, 300_000, 40_000, 62_000);
    assertTrue(o.temporal.baseOnly(), "drops again at once");
    o.temporal.choose(600_000, 300_000, 40_000, 62_000 + LayerSelector.FIRST_BACKOFF_MS + 1);
    assertTrue(o.temporal.baseOnly(), "a drop right after going up doubles the wait");
    o.temporal.choose(600_000, 300_000, 40_000, 62_000 + 2 * LayerSelector.FIRST_BACKOFF_MS + 1);
    assertFalse(o.temporal.baseOnly());

    LayerSelector high = new LayerSelector(777, 2, LayerSelector.Preference.HIGH);
    Peer.OutTrack h = new Peer.OutTrack(96, null);
    h.layers = high;
    h.temporal = new TemporalFilter();
    high.choose(100_000, rates, 40_000, 0);
    LayerChoice.chooseTemporal(h, e, rates, 40_000, 0);
    assertFalse(h.temporal.baseOnly(), "a player that asked for high is left alone");
  }
}
