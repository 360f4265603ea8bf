package io.liveroom.media.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.ServiceException;
import io.liveroom.media.sdp.SdpParser;
import io.liveroom.media.sdp.SessionDescription;
import org.junit.jupiter.api.Test;

/**
 * ICE restart and ICE-TCP candidates in the engine's answers, with a real Chrome offer (the restart
 * in a real browser, with media, is launcher ConnectivityIT).
 */
class IceRestartTest {
  @Test
  void aRestartOfferGetsNewNodeCredentialsOnTheSamePeer() throws Exception {
    String offer;
    try (java.io.InputStream in =
        IceRestartTest.class.getResourceAsStream("/sdp/chrome-publish-offer.sdp")) {
      offer =
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .replace("\n", "\r\n");
    }
    try (MediaEngine engine = MediaEngine.start(MediaEngineLoopbackTest.CONFIG, null)) {
      MediaSession first = engine.publish("cam", offer);
      SessionDescription answer = SdpParser.parse(first.answerSdp());
      assertTrue(
          first.answerSdp().contains(" tcp ")
              && first.answerSdp().contains("typ host tcptype passive"),
          first.answerSdp());
      assertTrue(
          first.answerSdp().contains(" " + engine.tcpPort() + " typ host tcptype passive"),
          first.answerSdp());

      String restartOffer =
          offer
              .replace("a=ice-ufrag:Kx3Q", "a=ice-ufrag:N3wU")
              .replace("a=ice-pwd:9ygn2Zv3bQ0qXh1bTj5nWw0P", "a=ice-pwd:n3wPassw0rdForTheRestart");
      MediaSession restarted = engine.restartIce(first.peerId(), restartOffer);
      SessionDescription second = SdpParser.parse(restarted.answerSdp());
      assertEquals(first.peerId(), restarted.peerId(), "the same peer");
      assertEquals(first.streamId(), restarted.streamId());
      assertNotEquals(answer.iceUfrag(), second.iceUfrag(), "new local ICE credentials");
      assertNotEquals(answer.icePwd(), second.icePwd());
      assertEquals(answer.fingerprint(), second.fingerprint(), "the DTLS association stays");
      assertEquals(
          answer.media().stream().map(SessionDescription.Media::mid).toList(),
          second.media().stream().map(SessionDescription.Media::mid).toList());
      assertTrue(engine.peer(first.peerId()).isPresent());
      assertEquals(1, engine.stats().size(), "no new stream");

      MediaSession again = engine.restartIce(first.peerId(), restartOffer);
      assertEquals(
          second.iceUfrag(),
          SdpParser.parse(again.answerSdp()).iceUfrag(),
          "unchanged credentials: no restart");

      String otherCert = restartOffer.replace("2E:4E:62:9E", "2E:4E:62:9F");
      assertEquals(
          ErrorCode.INVALID_SDP,
          assertThrows(ServiceException.class, () -> engine.restartIce(first.peerId(), otherCert))
              .code());
      String audioOnly =
          restartOffer
              .substring(0, restartOffer.indexOf("m=video"))
              .replace("BUNDLE 0 1", "BUNDLE 0");
      assertEquals(
          ErrorCode.INVALID_SDP,
          assertThrows(ServiceException.class, () -> engine.restartIce(first.peerId(), audioOnly))
              .code());
      assertEquals(
          ErrorCode.MEDIA_PEER_NOT_FOUND,
          assertThrows(ServiceException.class, () -> engine.restartIce("nope", restartOffer))
              .code());
      engine.stop(first.peerId());
      assertEquals(
          ErrorCode.MEDIA_PEER_NOT_FOUND,
          assertThrows(
                  ServiceException.class, () -> engine.restartIce(first.peerId(), restartOffer))
              .code());
    }
  }
}
