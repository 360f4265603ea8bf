package io.liveroom.media.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.media.rtp.Rtp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packets since a source's last keyframe, as the first-frame replay uses them. */
class KeyframeCacheTest {
  private static byte[] packet(int seq, long ts, int size) {
    byte[] b = new byte[12 + size];
    b[0] = (byte) 0x80;
    b[1] = 96;
    Rtp.writeUint16(b, 2, seq);
    Rtp.writeUint32(b, 4, ts);
    Rtp.writeUint32(b, 8, 0x22222222L);
    return b;
  }

  private static List<Integer> replayed(KeyframeCache c, long nowMs) {
    List<Integer> seqs = new ArrayList<>();
    c.replay(nowMs, (b, off, len, keyframe) -> seqs.add(Rtp.sequence(b, off)));
    return seqs;
  }

  private static void feed(KeyframeCache c, int seq, long ts, boolean keyframe, long nowMs) {
    byte[] p = packet(seq, ts, 100);
    c.onRtp(p, 0, p.length, keyframe, nowMs);
  }

  @Test
  void holdsTheKeyframeAndEverythingAfterItInOrder() {
    KeyframeCache c = new KeyframeCache(10_000, 2_000);
    feed(c, 1, 100, false, 0); // before any keyframe: not held
    assertFalse(c.usable(0));
    feed(c, 2, 200, true, 10);
    feed(c, 3, 200, true, 10); // a second packet of the same keyframe (H.264 can flag several)
    feed(c, 4, 200, false, 10);
    feed(c, 5, 300, false, 40);
    assertEquals(List.of(2, 3, 4, 5), replayed(c, 50));
    boolean[] first = new boolean[4];
    int[] i = {0};
    c.replay(50, (b, off, len, keyframe) -> first[i[0]++] = keyframe);
    assertTrue(first[0] && first[1] && !first[2] && !first[3]);
  }

  @Test
  void aNewKeyframeStartsANewGroup() {
    KeyframeCache c = new KeyframeCache(10_000, 2_000);
    feed(c, 10, 100, true, 0);
    feed(c, 11, 200, false, 0);
    feed(c, 12, 300, true, 100);
    feed(c, 13, 400, false, 100);
    assertEquals(List.of(12, 13), replayed(c, 100));
  }

  @Test
  void tooOldOrOutgrownIsNotReplayed() {
    KeyframeCache old = new KeyframeCache(10_000, 2_000);
    feed(old, 1, 100, true, 1_000);
    assertEquals(List.of(1), replayed(old, 3_000));
    assertEquals(List.of(), replayed(old, 3_001));
    assertFalse(old.replay(3_001, (b, off, len, k) -> {}));

    KeyframeCache small = new KeyframeCache(300, 60_000); // 112 bytes a packet: two fit
    feed(small, 1, 100, true, 0);
    feed(small, 2, 100, false, 0);
    assertEquals(List.of(1, 2), replayed(small, 0));
    feed(small, 3, 200, false, 0); // the group outgrew the bound: PLI only
    assertEquals(List.of(), replayed(small, 0));
    feed(small, 4, 300, false, 0);
    assertEquals(List.of(), replayed(small, 0));
    feed(small, 5, 400, true, 0); // until the next keyframe
    assertEquals(List.of(5), replayed(small, 0));
  }

  @Test
  void offHoldsNothing() {
    KeyframeCache c = new KeyframeCache(0, 2_000);
    feed(c, 1, 100, true, 0);
    assertFalse(c.usable(0));
    assertEquals(0, c.packets());
  }
}
