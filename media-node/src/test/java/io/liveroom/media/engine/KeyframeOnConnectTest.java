package io.liveroom.media.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.media.MediaConfig;
import io.liveroom.media.rtp.Rtcp;
import io.liveroom.media.rtp.Rtp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Time to first frame: the node asks the publisher for a keyframe (PLI) the moment a player's DTLS
 * handshake completes, not on a timer, and not before a player is there. Real ICE/DTLS/SRTP over
 * 127.0.0.1.
 */
class KeyframeOnConnectTest {
  /** A minute between keyframe requests: only a forced request on connect can produce one. */
  private static final MediaConfig CONFIG =
      new MediaConfig(0, "127.0.0.1", List.of(), 2_500_000, 4_000, 3_000, 60_000, 1024, 1);

  private final List<WebRtcTestClient> clients = new ArrayList<>();
  private MediaEngine engine;

  @AfterEach
  void stop() {
    clients.forEach(WebRtcTestClient::close);
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void pliGoesToThePublisherAsSoonAsAPlayersDtlsCompletes() throws Exception {
    engine = MediaEngine.start(CONFIG, MediaListener.NONE);
    WebRtcTestClient publisher = client();
    publisher.accept(engine.publish("k", publisher.offer(true, 111, 96, 1, 3)).answerSdp());
    MediaEngineLoopbackTest.await(publisher::connected, "publisher connects");

    // RTCP reaches the publisher (transport-cc/receiver reports), but no keyframe request yet
    List<byte[]> before = new ArrayList<>();
    MediaEngineLoopbackTest.await(
        () -> {
          publisher.rtcp.drainTo(before);
          return before.size() >= 3;
        },
        "the node's RTCP reaches the publisher");
    assertFalse(before.stream().anyMatch(KeyframeOnConnectTest::hasPli), "no PLI without players");

    WebRtcTestClient player = client();
    player.accept(engine.play("k", player.offer(false, 111, 96, 1, 3)).answerSdp());
    MediaEngineLoopbackTest.await(player::connected, "player connects");
    long connectedNanos = System.nanoTime();
    long[] pliNanos = {0};
    MediaEngineLoopbackTest.await(
        () -> {
          byte[] compound;
          while ((compound = publisher.rtcp.poll()) != null) {
            if (hasPli(compound) && pliNanos[0] == 0) {
              pliNanos[0] = System.nanoTime();
            }
          }
          return pliNanos[0] != 0;
        },
        "PLI at the publisher after the player connected");
    long ms = (pliNanos[0] - connectedNanos) / 1_000_000;
    System.out.println("PLI reached the publisher " + ms + " ms after the player's DTLS completed");
    // the node's own reports run once a second; the request must not wait for them
    assertTrue(ms < 900, "PLI took " + ms + " ms after the player's DTLS completed");
  }

  /** As {@link #CONFIG}, with the keyframe cache of {@code cacheBytes}. */
  private static MediaConfig cacheConfig(int cacheBytes) {
    return new MediaConfig(
        0,
        "127.0.0.1",
        List.of(),
        2_500_000,
        4_000,
        3_000,
        60_000,
        1024,
        1,
        true,
        cacheBytes,
        60_000);
  }

  /**
   * A VP8 packet: {@code start} sets the descriptor's S bit, {@code key} clears the payload
   * header's P bit (a keyframe's first packet).
   */
  private static byte[] vp8(int seq, long ts, boolean start, boolean key) {
    byte[] b = new byte[12 + 200];
    b[0] = (byte) 0x80;
    b[1] = 96;
    Rtp.writeUint16(b, 2, seq);
    Rtp.writeUint32(b, 4, ts);
    Rtp.writeUint32(b, 8, WebRtcTestClient.VIDEO_SSRC);
    b[12] = (byte) (start ? 0x10 : 0x00);
    b[13] = (byte) (key ? 0x00 : 0x01);
    return b;
  }

  /** The next video packet a client got (waits), skipping audio. */
  private static byte[] nextVideo(WebRtcTestClient c) {
    byte[][] got = {null};
    MediaEngineLoopbackTest.await(
        () -> {
          byte[] p;
          while (got[0] == null && (p = c.rtp.poll()) != null) {
            if ((p[1] & 0x7F) == 96) {
              got[0] = p;
            }
          }
          return got[0] != null;
        },
        "a video packet");
    return got[0];
  }

  /** A publisher and a first player that has received everything the publisher sent. */
  private WebRtcTestClient[] publisherAndWatcher(List<byte[]> sent) throws Exception {
    WebRtcTestClient publisher = client();
    publisher.accept(engine.publish("k", publisher.offer(true, 111, 96, 1, 3)).answerSdp());
    MediaEngineLoopbackTest.await(publisher::connected, "publisher connects");
    WebRtcTestClient watcher = client();
    watcher.accept(engine.play("k", watcher.offer(false, 111, 96, 1, 3)).answerSdp());
    MediaEngineLoopbackTest.await(watcher::connected, "first player connects");
    for (byte[] p : sent) {
      publisher.sendRtp(p.clone());
    }
    // the forwarding thread handled the last one: everything before it is in the cache
    int last = Rtp.sequence(sent.get(sent.size() - 1), 0);
    MediaEngineLoopbackTest.await(
        () -> {
          byte[] p;
          boolean seen = false;
          while ((p = watcher.rtp.poll()) != null) {
            seen |= (p[1] & 0x7F) == 96 && Rtp.sequence(p, 0) == last;
          }
          return seen;
        },
        "the first player got the publisher's packets");
    return new WebRtcTestClient[] {publisher, watcher};
  }

  @Test
  void aNewPlayersFirstPacketsAreTheCachedKeyframe() throws Exception {
    engine = MediaEngine.start(cacheConfig(65_536), MediaListener.NONE);
    List<byte[]> sent =
        List.of(
            vp8(100, 9_000, true, false), // a delta frame before the keyframe: not replayed
            vp8(101, 12_000, true, true), // keyframe, 3 packets
            vp8(102, 12_000, false, false),
            vp8(103, 12_000, false, false),
            vp8(104, 15_000, true, false), // the delta frame after it
            vp8(105, 15_000, false, false));
    WebRtcTestClient publisher = publisherAndWatcher(sent)[0];

    WebRtcTestClient player = client();
    player.accept(engine.play("k", player.offer(false, 111, 96, 1, 3)).answerSdp());
    MediaEngineLoopbackTest.await(player::connected, "player connects");
    // nothing new from the publisher: what arrives is the cache, keyframe first, in order
    for (int seq = 101; seq <= 105; seq++) {
      byte[] p = nextVideo(player);
      assertEquals(seq, Rtp.sequence(p, 0), "replayed packet");
      assertEquals(seq <= 103 ? 12_000 : 15_000, Rtp.timestamp(p, 0));
    }
    // the live stream goes on from there, and the keyframe request still went out
    publisher.sendRtp(vp8(106, 18_000, true, false));
    assertEquals(106, Rtp.sequence(nextVideo(player), 0));
    awaitPli(publisher);
  }

  @Test
  void withoutACachedKeyframeThePlayerWaitsForThePliKeyframe() throws Exception {
    // delta frames only (the keyframe was before the node started): nothing to replay
    firstVideoPacketIsLive(65_536, 200, false);
  }

  @Test
  void cacheOffMeansPliOnly() throws Exception {
    firstVideoPacketIsLive(0, 300, true);
  }

  /**
   * With a cache of {@code cacheBytes}, a publisher sends two packets from {@code seq} (the first a
   * keyframe if {@code keyframeFirst}); a new player gets no replay: the publisher is asked for a
   * keyframe (PLI), and the player's first video packet is the live one sent after it.
   */
  private void firstVideoPacketIsLive(int cacheBytes, int seq, boolean keyframeFirst)
      throws Exception {
    engine = MediaEngine.start(cacheConfig(cacheBytes), MediaListener.NONE);
    WebRtcTestClient publisher =
        publisherAndWatcher(
            List.of(vp8(seq, 3_000, true, keyframeFirst), vp8(seq + 1, 6_000, true, false)))[0];
    publisher.rtcp.clear();

    WebRtcTestClient player = client();
    player.accept(engine.play("k", player.offer(false, 111, 96, 1, 3)).answerSdp());
    MediaEngineLoopbackTest.await(player::connected, "player connects");
    awaitPli(publisher); // sent in the same forwarding-thread task as a replay would have been
    publisher.sendRtp(vp8(seq + 2, 9_000, true, true));
    assertEquals(seq + 2, Rtp.sequence(nextVideo(player), 0), "the first video packet is live");
  }

  private static void awaitPli(WebRtcTestClient publisher) {
    MediaEngineLoopbackTest.await(
        () -> {
          byte[] compound;
          boolean found = false;
          while ((compound = publisher.rtcp.poll()) != null) {
            found |= hasPli(compound);
          }
          return found;
        },
        "PLI at the publisher");
  }

  private WebRtcTestClient client() throws Exception {
    WebRtcTestClient c = new WebRtcTestClient();
    clients.add(c);
    return c;
  }

  private static boolean hasPli(byte[] compound) {
    boolean[] found = {false};
    Rtcp.walk(
        compound,
        0,
        compound.length,
        (type, count, b, off, len) -> {
          if (type == Rtcp.PSFB && count == Rtcp.FMT_PLI) {
            found[0] = true;
          }
        });
    return found[0];
  }
}
