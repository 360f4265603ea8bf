package io.liveroom.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** transport-cc feedback, NACK generation and RTX on byte-exact packets. */
class MediaQualityRtpTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] hex(String s) {
    return HEX.parseHex(s.replace(" ", ""));
  }

  @Test
  void transportFeedbackIsWrittenByteExact() {
    TransportCcFeedback fb = new TransportCcFeedback();
    fb.received(100, 1_000_000);
    fb.received(102, 1_001_000); // 101 lost
    fb.received(103, 1_100_000); // 99 ms later: a 16-bit delta
    byte[] b = new byte[64];
    int end = fb.write(b, 0, 0x11111111L, 0x22222222L, 1200);
    // V=2 P=1 FMT=15, PT 205, 6 words; base 100, 4 statuses; reference 15 x 64 ms; feedback #0;
    // one two-bit status vector chunk [small, lost, small, large, -, -, -]; deltas 160, 4, 396 (x
    // 250 us); padding
    assertEquals(
        "afcd0006"
            + "11111111"
            + "22222222"
            + "0064"
            + "0004"
            + "00000f"
            + "00"
            + "d180"
            + "a004018c"
            + "0002",
        HEX.formatHex(b, 0, end));
    assertFalse(fb.pending());
    assertEquals(0, fb.write(b, 0, 1, 2, 1200), "nothing new, nothing written");

    List<String> seen = new ArrayList<>();
    assertTrue(
        TransportCcFeedback.parse(
            b, 0, end, (seq, received, at) -> seen.add(seq + ":" + (received ? at : -1))));
    assertEquals(List.of("100:1000000", "101:-1", "102:1001000", "103:1100000"), seen);

    fb.received(104, 1_120_000);
    end = fb.write(b, 0, 1, 2, 1200);
    assertEquals(0x64 + 4, Rtp.sequence(b, 10), "the next feedback starts after what was reported");
    assertEquals(1, b[19], "feedback count advances");

    // a feedback may start with lost packets: they are reported, not skipped
    fb.received(107, 1_130_000); // 105, 106 lost
    end = fb.write(b, 0, 1, 2, 1200);
    List<String> next = new ArrayList<>();
    TransportCcFeedback.parse(b, 0, end, (seq, received, at) -> next.add(seq + ":" + received));
    assertEquals(List.of("105:false", "106:false", "107:true"), next);
  }

  @Test
  void parsesRunLengthAndOneBitChunksAsChromeWritesThem() {
    // base 7, 5 statuses: run-length chunk "4 x received small", then a one-bit vector chunk [lost,
    // ...]
    byte[] b = hex("8fcd0005 00000001 00000002 0007 0005 000001 03 2004 8000 01 02 03 04");
    List<String> seen = new ArrayList<>();
    assertTrue(
        TransportCcFeedback.parse(b, 0, b.length, (seq, received, at) -> seen.add(seq + ":" + at)));
    assertEquals(List.of("7:64250", "8:64750", "9:65500", "10:66500", "11:-1"), seen);
    assertFalse(TransportCcFeedback.parse(b, 0, 22, (s, r, a) -> {}), "truncated");
  }

  @Test
  void nackGeneratorAsksForGapsAndForgetsRecoveredOnes() {
    NackGenerator g = new NackGenerator(100, 3, 1000);
    g.received(65533, 0);
    g.received(2, 10); // 65534, 65535, 0, 1 missing (across the wrap)
    g.received(0, 12); // reordered: no longer missing
    List<Integer> asked = new ArrayList<>();
    g.due(20, asked::add);
    assertEquals(List.of(65534, 65535, 1), asked);
    asked.clear();
    g.due(50, asked::add);
    assertEquals(List.of(), asked, "not again before the retry interval");
    g.due(130, asked::add);
    assertEquals(List.of(65534, 65535, 1), asked);
    g.received(1, 140);
    asked.clear();
    g.due(240, asked::add);
    g.due(340, asked::add);
    assertEquals(List.of(65534, 65535), asked, "asked 3 times at most");
    asked.clear();
    g.due(450, asked::add);
    assertEquals(0, g.missingCount());
    assertEquals(2, g.recovered());
    g.received(40_000, 500); // a jump: a new sequence, not 30 000 losses
    assertEquals(0, g.missingCount());
  }

  @Test
  void nackPacketIsByteExact() {
    byte[] b = new byte[64];
    int end = Rtcp.nack(b, 0, 0x01020304L, 0x0A0B0C0DL, new int[] {5, 7, 30}, 3, 32);
    assertEquals(
        "81cd0004 01020304 0a0b0c0d 0005 0002 001e 0000".replace(" ", ""),
        HEX.formatHex(b, 0, end));
    List<Integer> seqs = new ArrayList<>();
    Rtcp.nackedSequences(b, 0, end, seqs::add);
    assertEquals(List.of(5, 7, 30), seqs);
  }

  @Test
  void rtxIsUnwrappedAndWrapped() {
    // RTX from Chrome: PT 97, seq 0x1234, SSRC 1047523750, transport-cc (id 3) = 42, OSN 100, then
    // the VP8 payload
    byte[] rtx = hex("90611234 00000bb8 3e70a5a6 bede0001 31002a00 0064 9080 1f 50 9d012a aabb");
    int off = Rtp.unwrapRtx(rtx, 0, rtx.length);
    assertEquals(2, off);
    int len = rtx.length - 2;
    assertEquals(100, Rtp.sequence(rtx, off), "the original sequence number");
    assertEquals(0xbb8, Rtp.timestamp(rtx, off));
    assertEquals(
        "9080 1f 50 9d012a aabb".replace(" ", ""),
        HEX.formatHex(rtx, off + 20, off + len),
        "payload");
    long twcc = Rtp.findExtension(rtx, off, len, 3);
    assertEquals(2, twcc & 0xFF);
    assertEquals(42, Rtp.sequence(rtx, (int) (twcc >>> 8) - 2));
    assertTrue(VideoPayloads.isVp8Keyframe(rtx, off + 20, len - 20), "S=1, PID=0, P bit clear");

    byte[] out = new byte[64];
    int n = Rtp.wrapRtx(rtx, off, len, out, 0x0BADCAFEL, 7, 101);
    assertEquals(
        "90650007 00000bb8 0badcafe bede0001 31002a00 0064 9080 1f 50 9d012a aabb".replace(" ", ""),
        HEX.formatHex(out, 0, n));

    // padding-only RTX (Chrome's bandwidth probes): nothing to recover
    byte[] probe = hex("a0611235 00000bb8 3e70a5a6 00000000 00000008");
    assertEquals(-1, Rtp.unwrapRtx(probe, 0, probe.length));
  }

  @Test
  void readsRidAndTellsKeyframes() {
    // one-byte extensions: mid (4) "1", rid (10) "f"
    byte[] p = hex("90600001 00000000 00000001 bede0001 4031a066 10 50 9d012a");
    long rid = Rtp.findExtension(p, 0, p.length, 10);
    assertEquals("f", new String(p, (int) (rid >>> 8), (int) (rid & 0xFF)));
    assertEquals(-1, Rtp.findExtension(p, 0, p.length, 11));
    assertTrue(VideoPayloads.isVp8Keyframe(p, 20, p.length - 20));
    p[21] = 0x51; // P bit set: an inter frame
    assertFalse(VideoPayloads.isVp8Keyframe(p, 20, p.length - 20));
    // H264 FU-A start of an IDR slice, and a STAP-A with an SPS
    assertTrue(VideoPayloads.isH264Keyframe(hex("7c85aabb"), 0, 4));
    assertTrue(VideoPayloads.isH264Keyframe(hex("780002 6742 0002 68ce"), 0, 9));
    assertFalse(VideoPayloads.isH264Keyframe(hex("4101aabb"), 0, 4));
  }
}
