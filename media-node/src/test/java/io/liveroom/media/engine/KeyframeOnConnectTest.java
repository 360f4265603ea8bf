package io.liveroom.media.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.media.MediaConfig;
import io.liveroom.media.rtp.Rtcp;
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
