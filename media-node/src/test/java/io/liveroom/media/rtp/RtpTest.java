package io.liveroom.media.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtpTest {
  @Test
  void rewritesAndDropsOneByteExtensions() {
    // header + extension block of 2 words: id1 (1 byte), id3 (3 bytes), then padding
    byte[] p = {
      (byte) 0x90,
      96,
      0,
      1,
      0,
      0,
      0,
      9,
      0,
      0,
      0,
      7,
      (byte) 0xBE,
      (byte) 0xDE,
      0,
      2,
      0x10,
      0x55,
      0x32,
      1,
      2,
      3,
      0,
      0,
      9,
      9
    };
    int[] map = new int[16];
    map[3] = 12; // keep abs-send-time as id 12, drop id 1
    Rtp.rewriteExtensions(p, 0, p.length, map);
    assertEquals((byte) 0xC2, p[16], "id 3 -> 12, length kept");
    assertArrayEquals(
        new byte[] {1, 2, 3, 0, 0, 0},
        java.util.Arrays.copyOfRange(p, 17, 23),
        "compacted, zero padded");
    assertEquals(24, Rtp.headerLength(p, 0, p.length));
    assertArrayEquals(
        new byte[] {9, 9}, java.util.Arrays.copyOfRange(p, 24, 26), "payload untouched");
    Rtp.setPayloadType(p, 0, 120);
    assertEquals(120, Rtp.payloadType(p, 0));
  }

  @Test
  void demuxesByFirstByteAndPacketType() {
    assertTrue(Rtp.isDtls(22));
    assertFalse(Rtp.isDtls(128));
    assertTrue(Rtp.isRtpOrRtcp(0x80));
    byte[] rr = new byte[8];
    Rtcp.receiverReport(rr, 0, 1, List.of());
    assertTrue(Rtp.isRtcp(rr, 0, 8));
    byte[] rtp = {(byte) 0x80, (byte) 0xE0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}; // marker + PT 96
    assertFalse(Rtp.isRtcp(rtp, 0, rtp.length));
  }

  @Test
  void buildsRembPliAndWalksACompound() {
    byte[] b = new byte[128];
    int pos =
        Rtcp.receiverReport(
            b, 0, 0xAAAAL, List.of(new Rtcp.ReportBlock(0xBBBBL, 25, 3, 70000, 5, 0, 0)));
    pos = Rtcp.remb(b, pos, 0xAAAAL, 2_500_000, List.of(0xBBBBL));
    pos = Rtcp.pli(b, pos, 0xAAAAL, 0xBBBBL);
    List<String> seen = new ArrayList<>();
    long[] remb = new long[1];
    Rtcp.walk(
        b,
        0,
        pos,
        (type, count, buf, off, len) -> {
          seen.add(type + "/" + count);
          if (type == Rtcp.PSFB && count == Rtcp.FMT_AFB) {
            int exp = (buf[off + 17] & 0xFF) >> 2;
            long mantissa =
                ((buf[off + 17] & 0x03L) << 16)
                    | ((buf[off + 18] & 0xFFL) << 8)
                    | (buf[off + 19] & 0xFF);
            remb[0] = mantissa << exp;
          }
          if (type == Rtcp.RR) {
            Rtcp.reportBlocks(
                type,
                count,
                buf,
                off,
                len,
                r -> seen.add("block " + r.ssrc() + " " + r.fractionLost()));
          }
        });
    assertEquals(List.of("201/1", "block 48059 25", "206/15", "206/1"), seen);
    assertTrue(
        Math.abs(remb[0] - 2_500_000) < 2_500_000 / 1000, "REMB mantissa/exponent: " + remb[0]);
  }

  @Test
  void nackBitmaskExpands() {
    byte[] b = new byte[16];
    Rtp.writeUint16(b, 12, 65535);
    Rtp.writeUint16(b, 14, 0b101);
    List<Integer> seqs = new ArrayList<>();
    Rtcp.nackedSequences(b, 0, 16, seqs::add);
    assertEquals(List.of(65535, 0, 2), seqs, "wraps around");
  }

  @Test
  void receiveStatsCountLossAcrossWrap() {
    ReceiveStats s = new ReceiveStats(1, 90000);
    for (int seq : new int[] {65533, 65534, 65535, 1, 2}) { // 0 is lost
      s.packet(seq, seq * 3000L, 1000);
    }
    assertEquals(5, s.packetsReceived());
    assertEquals(1, s.packetsLost());
    Rtcp.ReportBlock block = s.report(2000);
    assertEquals(65536 + 2, block.extendedHighestSeq());
    assertEquals(256 / 6, block.fractionLost());
    PacketCache cache = new PacketCache(16);
    cache.put(1, 65535, new byte[] {1, 2, 3}, 0, 3);
    byte[] out = new byte[1500];
    assertEquals(3, cache.get(1, 65535, out));
    assertEquals(-1, cache.get(1, 15, out), "another seq in the same slot");
  }
}
