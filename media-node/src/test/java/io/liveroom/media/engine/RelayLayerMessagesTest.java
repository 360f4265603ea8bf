package io.liveroom.media.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.liveroom.media.MediaConfig;
import io.liveroom.media.rtp.Rtcp;
import io.liveroom.media.sdp.NegotiatedMedia;
import io.liveroom.media.sdp.Negotiator;
import io.liveroom.media.sdp.SdpParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The relay link's layer messages as RTCP APP packets inside a compound, written and read. */
class RelayLayerMessagesTest {
  @Test
  void wantAndInfoSurviveACompoundPacket() {
    byte[] b = new byte[400];
    int pos = Rtcp.receiverReport(b, 0, 77, List.of());
    pos = RelayLayerMessages.writeWant(b, pos, 77, new int[] {0, 0b101});
    pos = Rtcp.pli(b, pos, 77, 1234);
    List<int[]> wants = new ArrayList<>();
    int[] types = new int[8];
    int[] n = {0};
    Rtcp.walk(
        b,
        0,
        pos,
        (type, count, buf, p, size) -> {
          types[n[0]++] = type;
          int[] w = RelayLayerMessages.readWant(buf, p, size);
          if (w != null) {
            wants.add(w);
          }
          assertFalse(RelayLayerMessages.readInfo(buf, p, size, (i, l, s, r) -> {}));
        });
    assertEquals(3, n[0], "RR, APP, PLI all walkable");
    assertEquals(RelayLayerMessages.APP, types[1]);
    assertEquals(1, wants.size());
    assertArrayEquals(new int[] {0, 0b101}, wants.get(0));

    MediaConfig config = MediaEngineLoopbackTest.CONFIG;
    List<NegotiatedMedia> published =
        Negotiator.forPublish(
            SdpParser.parse(
                "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                    + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
                    + "a=ice-ufrag:u\r\na=ice-pwd:pppppppppppppppppppppp\r\n"
                    + "a=fingerprint:sha-256 00:11\r\na=setup:actpass\r\n"
                    + "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n"
                    + "a=sendonly\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\n"
                    + "a=rid:f send\r\na=rid:q send\r\na=simulcast:send f;q\r\n"),
            "s");
    SourceTracks tracks = new SourceTracks(config, published);
    tracks.learnLayer(0, 1, 0xABCDEF01L);
    tracks.layers[0][1].bitrateBps = 250_000;
    byte[] c = new byte[200];
    int end = RelayLayerMessages.writeInfo(c, 0, 77, tracks.layers);
    List<String> seen = new ArrayList<>();
    Rtcp.walk(
        c,
        0,
        end,
        (type, count, buf, p, size) -> {
          assertNull(RelayLayerMessages.readWant(buf, p, size));
          RelayLayerMessages.readInfo(
              buf, p, size, (i, l, s, r) -> seen.add(i + "/" + l + "/" + s + "/" + r));
        });
    assertEquals(List.of("0/1/" + 0xABCDEF01L + "/250000"), seen);
  }
}
