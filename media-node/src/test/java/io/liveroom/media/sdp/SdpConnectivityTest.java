package io.liveroom.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.media.sdp.SessionDescription.Candidate;
import io.liveroom.media.sdp.SessionDescription.Media;
import io.liveroom.media.transport.IceTcpCandidates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real Chrome 156 offers (captured in ConnectivityIT): a publisher's with tcp active candidates and
 * the ssrc-audio-level extension, and a player's ICE-restart offer (new ufrag, generation 1); the
 * node's answers with the audio-level extension and passive ICE-TCP candidates.
 */
class SdpConnectivityTest {
  private static final List<InetSocketAddress> ADDRESSES =
      List.of(new InetSocketAddress("10.99.0.1", 41000));
  private static final SdpAnswer.LocalTransport LOCAL =
      new SdpAnswer.LocalTransport("nodeufrag", "nodepassword123", "AA:BB:CC:DD", ADDRESSES);

  @Test
  void aPublishOfferWithTcpCandidatesAndAudioLevelsIsAnsweredWithPassiveTcpCandidates()
      throws IOException {
    SessionDescription offer =
        SdpParser.parse(SdpTest.resource("chrome156-publish-offer-tcp-candidates.sdp"));
    Media audio = offer.media().get(0);
    List<Candidate> tcp =
        audio.candidates().stream().filter(c -> c.transport().equalsIgnoreCase("tcp")).toList();
    assertEquals(2, tcp.size(), "Chrome offers tcp active host candidates: " + audio.candidates());
    assertEquals(9, tcp.get(0).port(), "an active TCP candidate has the discard port");
    assertEquals(1, audio.extmap("urn:ietf:params:rtp-hdrext:ssrc-audio-level").orElseThrow().id());

    List<NegotiatedMedia> media = Negotiator.forPublish(offer, "alice-cam");
    assertEquals(
        1,
        media.get(0).extmapId("urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
        "negotiated: the node reads it");
    String answer = IceTcpCandidates.addTo(SdpAnswer.build(LOCAL, media), ADDRESSES, 41001);
    assertTrue(
        answer.contains("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"), answer);
    String[] sections = answer.split("m=");
    for (int i = 1; i < sections.length; i++) {
      String s = sections[i];
      assertTrue(
          s.contains(" udp ")
              && s.contains("a=candidate:100 1 tcp ")
              && s.contains(
                  " 10.99.0.1 41001 typ host"
                      + " tcptype passive generation 0\r\na=end-of-candidates"),
          s);
    }
    SessionDescription parsed = SdpParser.parse(answer);
    List<Candidate> candidates = parsed.media().get(0).candidates();
    Candidate udp =
        candidates.stream()
            .filter(c -> c.transport().equalsIgnoreCase("udp"))
            .findFirst()
            .orElseThrow();
    Candidate passive =
        candidates.stream()
            .filter(c -> c.transport().equalsIgnoreCase("tcp"))
            .findFirst()
            .orElseThrow();
    assertEquals(41001, passive.port());
    assertTrue(passive.priority() < udp.priority(), "clients prefer UDP");
  }

  @Test
  void anIceRestartOfferOfAPlayerKeepsTheMediaAndTheAudioLevelExtension() throws IOException {
    SessionDescription published =
        SdpParser.parse(SdpTest.resource("chrome156-publish-offer-tcp-candidates.sdp"));
    SessionDescription restart =
        SdpParser.parse(SdpTest.resource("chrome156-play-ice-restart-offer.sdp"));
    assertEquals("vWbx", restart.iceUfrag());
    assertEquals("Et+8sWgq0NoOObg/nP8vhHxU", restart.icePwd());
    assertEquals(List.of("0", "1"), restart.bundleMids());
    assertTrue(
        restart.media().get(0).candidates().stream()
            .allMatch(c -> c.transport().equalsIgnoreCase("udp")));
    List<NegotiatedMedia> media =
        Negotiator.forPlay(restart, Negotiator.forPublish(published, "alice-cam"), "alice-cam");
    assertEquals("sendonly", media.get(0).direction());
    assertEquals(1, media.get(0).extmapId("urn:ietf:params:rtp-hdrext:ssrc-audio-level"));
    String answer = SdpAnswer.build(LOCAL, media);
    assertTrue(
        answer.contains("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"), answer);
  }
}
