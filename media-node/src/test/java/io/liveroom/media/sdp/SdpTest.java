package io.liveroom.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.media.sdp.SessionDescription.Extmap;
import io.liveroom.media.sdp.SessionDescription.Media;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing Chrome offers and answering them the way the SFU must. */
class SdpTest {
  private static final SdpAnswer.LocalTransport LOCAL =
      new SdpAnswer.LocalTransport(
          "nodeufrag",
          "nodepassword123",
          "AA:BB:CC:DD",
          List.of(new InetSocketAddress("10.99.0.1", 10000)));

  static String resource(String name) throws IOException {
    try (InputStream in = SdpTest.class.getResourceAsStream("/sdp/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\n", "\r\n");
    }
  }

  @Test
  void parsesAChromeOffer() throws IOException {
    SessionDescription offer = SdpParser.parse(resource("chrome-publish-offer.sdp"));
    assertEquals("Kx3Q", offer.iceUfrag());
    assertEquals("9ygn2Zv3bQ0qXh1bTj5nWw0P", offer.icePwd());
    assertEquals("sha-256", offer.fingerprint().hashFunction());
    assertTrue(offer.fingerprint().value().startsWith("2E:4E:62"));
    assertEquals("actpass", offer.setup());
    assertEquals(List.of("0", "1"), offer.bundleMids());
    assertEquals(2, offer.media().size());
    Media audio = offer.media().get(0);
    assertEquals("audio", audio.kind());
    assertEquals("sendonly", audio.direction());
    assertTrue(audio.rtcpMux());
    assertEquals(111, audio.codecs().get(0).payloadType());
    assertEquals(2, audio.codecs().get(0).channels());
    assertEquals("minptime=10;useinbandfec=1", audio.codecs().get(0).fmtp());
    assertEquals(List.of(3735928559L), audio.primarySsrcs());
    assertEquals(1, audio.candidates().size());
    assertEquals(54400, audio.candidates().get(0).port());
    Media video = offer.media().get(1);
    assertEquals(
        List.of(2882400001L), video.primarySsrcs(), "the RTX ssrc of the FID group is not primary");
    assertEquals(
        List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"),
        video.codecs().get(0).feedback());
  }

  @Test
  void publishAnswerKeepsOfferPayloadTypesAndOnlyHandledExtensions() throws IOException {
    SessionDescription offer = SdpParser.parse(resource("chrome-publish-offer.sdp"));
    List<NegotiatedMedia> media = Negotiator.forPublish(offer, "room1/stream 1");
    assertEquals(111, media.get(0).codec().payloadType());
    assertEquals("VP8", media.get(1).codec().name());
    assertEquals(96, media.get(1).codec().payloadType());
    assertEquals(
        List.of(
            new Extmap(1, Negotiator.EXT_AUDIO_LEVEL), new Extmap(3, Negotiator.EXT_TRANSPORT_CC)),
        media.get(0).extmaps());
    assertEquals(
        List.of(
            new Extmap(2, Negotiator.EXT_ABS_SEND_TIME),
            new Extmap(13, Negotiator.EXT_VIDEO_ORIENTATION),
            new Extmap(3, Negotiator.EXT_TRANSPORT_CC)),
        media.get(1).extmaps());

    String answer = SdpAnswer.build(LOCAL, media);
    assertTrue(answer.contains("a=group:BUNDLE 0 1\r\n"));
    assertTrue(answer.indexOf("a=mid:0") < answer.indexOf("a=mid:1"), "mids in offer order");
    assertTrue(answer.contains("m=audio 10000 UDP/TLS/RTP/SAVPF 111\r\n"));
    assertTrue(answer.contains("m=video 10000 UDP/TLS/RTP/SAVPF 96 97\r\n"));
    assertTrue(answer.contains("a=setup:passive"));
    assertTrue(answer.contains("a=recvonly"));
    assertTrue(answer.contains("a=rtcp-mux"));
    assertTrue(answer.contains("a=rtpmap:111 opus/48000/2"));
    assertTrue(answer.contains("a=fmtp:111 minptime=10;useinbandfec=1"));
    assertFalse(answer.contains("goog-remb"), "REMB only for publishers without transport-cc");
    assertTrue(answer.contains("a=rtcp-fb:96 transport-cc"));
    assertTrue(answer.contains("a=rtcp-fb:111 transport-cc"));
    assertTrue(answer.contains("a=rtcp-fb:96 nack pli"));
    assertTrue(answer.contains("a=rtcp-fb:96 ccm fir"));
    assertTrue(answer.contains("a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n"));
    assertEquals(java.util.Map.of(2882400002L, 2882400001L), media.get(1).rtxSsrcs());
    assertFalse(answer.contains("a=ssrc:"), "a publisher's answer announces no sources");
    assertTrue(answer.contains("a=candidate:1 1 udp 2130706175 10.99.0.1 10000 typ host"));
    assertTrue(answer.contains("a=end-of-candidates"));
    assertTrue(answer.contains("a=fingerprint:sha-256 AA:BB:CC:DD"));

    SessionDescription reparsed = SdpParser.parse(answer);
    assertEquals("nodeufrag", reparsed.iceUfrag());
    assertEquals("passive", reparsed.setup());
    assertEquals(3, reparsed.media().get(1).extmaps().size());
  }

  @Test
  void playAnswerUsesThePlayersIdsAndThePublishersSources() throws IOException {
    List<NegotiatedMedia> published =
        Negotiator.forPublish(SdpParser.parse(resource("chrome-publish-offer.sdp")), "s1");
    SessionDescription offer = SdpParser.parse(resource("chrome-play-offer.sdp"));
    List<NegotiatedMedia> media = Negotiator.forPlay(offer, published, "room1/stream 1");
    assertEquals(3, media.size());
    assertEquals(120, media.get(1).codec().payloadType(), "player's VP8 payload type");
    assertEquals("1", media.get(1).sourceMid());
    assertEquals(9, media.get(0).extmapId(Negotiator.EXT_AUDIO_LEVEL));
    assertEquals(12, media.get(1).extmapId(Negotiator.EXT_ABS_SEND_TIME));
    assertFalse(media.get(2).accepted(), "data channel rejected");

    String answer = SdpAnswer.build(LOCAL, media);
    assertTrue(answer.contains("a=group:BUNDLE 0 1\r\n"));
    assertTrue(
        answer.contains("m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\n"),
        "rejected with the offer's protocol");
    assertTrue(answer.contains("a=sendonly"));
    assertTrue(
        answer.contains("a=extmap:12 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"));
    assertTrue(answer.contains("a=ssrc:2882400001 cname:y3NnHhL2ZkS0Gq8P"));
    assertTrue(
        answer.contains(
            "a=ssrc:3735928559 msid:room1-stream-1 0c2f1c7e-8d7a-4a85-9c3e-1c0bb7d2f9aa"));
    assertFalse(answer.contains("goog-remb"), "players get no REMB");
    assertTrue(answer.contains("a=rtcp-fb:120 nack"));
  }

  @Test
  void chrome156PublishOfferGetsTransportCcAndRtx() throws IOException {
    SessionDescription offer = SdpParser.parse(resource("chrome156-publish-offer.sdp"));
    Media video = offer.media().get(1);
    assertEquals(List.of(List.of(2542815205L, 1047523750L)), video.fidGroups());
    assertEquals(List.of(2542815205L), video.primarySsrcs());
    List<NegotiatedMedia> media = Negotiator.forPublish(offer, "s");
    NegotiatedMedia v = media.get(1);
    assertTrue(v.transportCc());
    assertTrue(media.get(0).transportCc(), "audio carries transport-wide numbers too");
    assertEquals(97, v.rtxPayloadType());
    assertEquals(java.util.Map.of(1047523750L, 2542815205L), v.rtxSsrcs());
    assertFalse(v.simulcast());
    String answer = SdpAnswer.build(LOCAL, media);
    assertTrue(answer.contains("a=extmap:3 " + Negotiator.EXT_TRANSPORT_CC));
    assertTrue(answer.contains("a=rtcp-fb:96 transport-cc\r\n"));
    assertTrue(answer.contains("a=rtcp-fb:96 nack\r\n"));
    assertTrue(answer.contains("a=fmtp:97 apt=96\r\n"));
    assertFalse(answer.contains("goog-remb"));
    assertFalse(answer.contains("a=rid:"), "no simulcast");

    // a client that offers no transport-cc gets REMB (and no transport-cc extension)
    String noTwcc =
        resource("chrome156-publish-offer.sdp")
            .replaceAll("a=rtcp-fb:(\\d+) transport-cc\r\n", "")
            .replaceAll("a=extmap:3 [^\r]*\r\n", "");
    List<NegotiatedMedia> remb = Negotiator.forPublish(SdpParser.parse(noTwcc), "s");
    assertFalse(remb.get(1).transportCc());
    String rembAnswer = SdpAnswer.build(LOCAL, remb);
    assertTrue(rembAnswer.contains("a=rtcp-fb:96 goog-remb"));
    assertFalse(rembAnswer.contains("transport-cc"));
  }

  @Test
  void chrome156SimulcastOfferIsReceivedAsLayers() throws IOException {
    SessionDescription offer = SdpParser.parse(resource("chrome156-simulcast-offer.sdp"));
    assertEquals(List.of("f", "h"), offer.media().get(1).sendRids());
    assertTrue(
        offer.media().get(1).sources().isEmpty(), "Chrome names simulcast layers by rid only");
    List<NegotiatedMedia> published = Negotiator.forPublish(offer, "s");
    NegotiatedMedia v = published.get(1);
    assertTrue(v.simulcast());
    assertEquals(List.of("f", "h"), v.rids());
    assertEquals(1, v.ssrcs().size(), "one source the node chooses for players");
    assertEquals(10, v.extmapId(Negotiator.EXT_RID));
    assertEquals(11, v.extmapId(Negotiator.EXT_REPAIRED_RID));
    assertEquals(4, v.extmapId(Negotiator.EXT_MID));
    assertEquals("KEL7dl/vVm1YGFhc", v.cname(), "the audio's cname, for lip sync");
    String answer = SdpAnswer.build(LOCAL, published);
    assertTrue(answer.contains("a=rid:f recv\r\na=rid:h recv\r\na=simulcast:recv f;h\r\n"));
    assertTrue(answer.contains("a=extmap:10 " + Negotiator.EXT_RID));
    assertTrue(answer.contains("a=fmtp:97 apt=96\r\n"));
    assertEquals(
        List.of("f", "h"),
        SdpParser.parse(answer.replace(" recv", " send")).media().get(1).sendRids());

    // a player sees one ordinary source (and its RTX), never the layers
    List<NegotiatedMedia> play =
        Negotiator.forPlay(SdpParser.parse(resource("chrome156-play-offer.sdp")), published, "s");
    NegotiatedMedia pv = play.get(1);
    assertEquals(v.ssrcs(), pv.ssrcs());
    assertTrue(pv.transportCc(), "the player sends transport-cc feedback to the node");
    assertEquals(-1, pv.extmapId(Negotiator.EXT_RID));
    long rtx = pv.rtxSsrcs().keySet().iterator().next();
    String playAnswer = SdpAnswer.build(LOCAL, play);
    assertTrue(
        playAnswer.contains("a=ssrc-group:FID " + v.ssrcs().get(0) + " " + rtx + "\r\n"),
        playAnswer);
    assertTrue(playAnswer.contains("a=rtcp-fb:96 transport-cc"));
    assertFalse(playAnswer.contains("a=simulcast"));
    assertFalse(playAnswer.contains("a=rid"));
  }

  @Test
  void choosesH264PacketizationMode1WhenThereIsNoVp8() throws IOException {
    String noVp8 = resource("chrome-publish-offer.sdp").replace("VP8/90000", "VP7/90000");
    List<NegotiatedMedia> media = Negotiator.forPublish(SdpParser.parse(noVp8), "s");
    assertEquals("H264", media.get(1).codec().name());
    assertEquals(106, media.get(1).codec().payloadType(), "42e01f with packetization-mode=1");

    // a player that cannot decode the publisher's codec gets that m-line rejected, audio still
    // plays
    List<NegotiatedMedia> published =
        Negotiator.forPublish(SdpParser.parse(resource("chrome-publish-offer.sdp")), "s");
    String h264OnlyPlayer = resource("chrome-play-offer.sdp").replace("VP8/90000", "VP7/90000");
    List<NegotiatedMedia> play =
        Negotiator.forPlay(SdpParser.parse(h264OnlyPlayer), published, "s");
    assertTrue(play.get(0).accepted());
    assertFalse(play.get(1).accepted());
    assertNull(play.get(1).codec());
  }

  @Test
  void rejectsUnusableOffers() throws IOException {
    assertThrows(SdpException.class, () -> SdpParser.parse(""));
    assertThrows(SdpException.class, () -> SdpParser.parse("hello"));
    assertThrows(SdpException.class, () -> SdpParser.parse("v=0\r\ns=-\r\n"));
    String offer = resource("chrome-publish-offer.sdp");
    assertThrows(
        SdpException.class,
        () -> SdpParser.parse(offer.replaceAll("a=fingerprint:[^\r]*\r\n", "")));
    assertThrows(
        SdpException.class, () -> SdpParser.parse(offer.replaceAll("a=ice-ufrag:[^\r]*\r\n", "")));
    SessionDescription recvOnly = SdpParser.parse(offer.replace("a=sendonly", "a=recvonly"));
    assertThrows(
        SdpException.class, () -> Negotiator.forPublish(recvOnly, "s"), "nothing to publish");
    assertEquals("a-b_c.d", Negotiator.msidToken("a/b_c.d"));
  }
}
