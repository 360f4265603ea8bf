package io.liveroom.media.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.liveroom.media.sdp.NegotiatedMedia;
import io.liveroom.media.sdp.SessionDescription.Codec;
import io.liveroom.media.sdp.SessionDescription.Extmap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 6464 audio levels read from RTP header extensions (RFC 8285) and turned into soundLevel. */
class AudioLevelMonitorTest {
  /**
   * RTP with a one-byte header extension: abs-send-time (id 2, 3 bytes) then audio level (id 1).
   */
  static byte[] oneByte(int level, boolean voice) {
    return new byte[] {
      (byte) 0x90,
      111,
      0,
      1,
      0,
      0,
      0,
      1,
      0,
      0,
      0,
      9,
      (byte) 0xBE,
      (byte) 0xDE,
      0,
      2,
      0x22,
      1,
      2,
      3,
      0x10,
      (byte) ((voice ? 0x80 : 0) | level),
      0,
      0,
      9,
      9,
      9
    };
  }

  @Test
  void readsTheLevelFromOneAndTwoByteExtensions() {
    assertEquals(20, AudioLevelMonitor.level(oneByte(20, true), 0, 27, 1));
    assertEquals(127, AudioLevelMonitor.level(oneByte(127, false), 0, 27, 1));
    assertEquals(-1, AudioLevelMonitor.level(oneByte(20, true), 0, 27, 3), "no element 3");
    byte[] twoByte = {
      (byte) 0x90, 111, 0, 1, 0, 0, 0, 1, 0, 0, 0, 9, 0x10, 0x00, 0, 1, 1, 1, 45, 0
    };
    assertEquals(45, AudioLevelMonitor.level(twoByte, 0, twoByte.length, 1));
    byte[] none = {(byte) 0x80, 111, 0, 1, 0, 0, 0, 1, 0, 0, 0, 9, 1, 2, 3};
    assertEquals(-1, AudioLevelMonitor.level(none, 0, none.length, 1));
    byte[] truncated = java.util.Arrays.copyOf(oneByte(20, true), 18);
    assertEquals(-1, AudioLevelMonitor.level(truncated, 0, truncated.length, 1));
  }

  /** A publisher's Opus m-line with {@code extmaps}. */
  private static NegotiatedMedia receivedOpus(List<Extmap> extmaps) {
    Codec opus = new Codec(111, "opus", 48000, 2, "", List.of());
    return new NegotiatedMedia(
        "audio",
        "0",
        true,
        "recvonly",
        opus,
        extmaps,
        List.of(1L),
        null,
        null,
        null,
        false,
        "",
        null,
        -1,
        Map.of(),
        List.of(),
        false);
  }

  @Test
  void reportsTheLoudestPacketPerIntervalAsSoundLevelAndSilenceOnce() {
    NegotiatedMedia audio = receivedOpus(List.of(new Extmap(1, AudioLevelMonitor.URI)));
    AudioLevelMonitor monitor = AudioLevelMonitor.forPublished(List.of(audio));
    assertNotNull(monitor);
    assertEquals(-1, monitor.take(), "nothing heard yet: nothing to report");
    monitor.onRtp(0, oneByte(30, true), 0, 27);
    monitor.onRtp(0, oneByte(12, true), 0, 27);
    monitor.onRtp(0, oneByte(50, true), 0, 27);
    assertEquals(AudioLevelMonitor.soundLevel(12), monitor.take());
    assertEquals(80, AudioLevelMonitor.soundLevel(12));
    assertEquals(0, monitor.take(), "fell silent: reported once");
    assertEquals(-1, monitor.take(), "still silent: not again");
    monitor.onRtp(0, oneByte(127, false), 0, 27);
    assertEquals(-1, monitor.take(), "digital silence is silence");
    assertEquals(100, AudioLevelMonitor.soundLevel(0));
    assertEquals(0, AudioLevelMonitor.soundLevel(60));
    NegotiatedMedia withoutLevel = receivedOpus(List.of());
    assertNull(AudioLevelMonitor.forPublished(List.of(withoutLevel)));
  }

  @Test
  void aChromePublisherNegotiatesTheExtensionOnItsAudioLine() throws Exception {
    String offer;
    try (java.io.InputStream in =
        getClass().getResourceAsStream("/sdp/chrome156-publish-offer-tcp-candidates.sdp")) {
      offer =
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .replace("\n", "\r\n");
    }
    List<NegotiatedMedia> media =
        io.liveroom.media.sdp.Negotiator.forPublish(
            io.liveroom.media.sdp.SdpParser.parse(offer), "alice-cam");
    AudioLevelMonitor monitor = AudioLevelMonitor.forPublished(media);
    assertNotNull(monitor);
    monitor.onRtp(1, oneByte(3, true), 0, 27); // the video line: its id 1 is not the audio level
    assertEquals(-1, monitor.take());
    monitor.onRtp(0, oneByte(3, true), 0, 27);
    assertEquals(95, monitor.take());
  }
}
