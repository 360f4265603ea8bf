package io.liveroom.media.engine;

import static io.liveroom.media.engine.MediaEngineLoopbackTest.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.ServiceException;
import io.liveroom.media.rtp.Rtcp;
import io.liveroom.media.rtp.Rtp;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Egress taps over 127.0.0.1 with the real ICE/DTLS/SRTP publisher client: a tap receives the
 * publisher's RTP decrypted and unchanged (its own payload types) as plain UDP, video and audio on
 * their ports; adding it asks the publisher for a keyframe; untap stops the copies; an unknown
 * stream is STREAM_NOT_FOUND; a tap not renewed within its lease is dropped.
 */
class StreamTapLoopbackTest {
  private final List<WebRtcTestClient> clients = new CopyOnWriteArrayList<>();
  private final List<PeerInfo> connected = new CopyOnWriteArrayList<>();
  private MediaEngine engine;

  @BeforeEach
  void start() throws Exception {
    engine =
        MediaEngine.start(
            MediaEngineLoopbackTest.CONFIG,
            new MediaListener() {
              @Override
              public void onPeerConnected(PeerInfo peer) {
                connected.add(peer);
              }
            });
  }

  @AfterEach
  void stop() {
    clients.forEach(WebRtcTestClient::close);
    engine.close();
  }

  @Test
  void aTapGetsThePublishersRtpDecryptedAsPlainUdpUntilUntapped() throws Exception {
    WebRtcTestClient publisher = new WebRtcTestClient();
    clients.add(publisher);
    MediaSession session = engine.publish("tapped", publisher.offer(true, 111, 96, 1, 3));
    publisher.accept(session.answerSdp());
    await(
        () ->
            publisher.connected()
                && connected.stream().anyMatch(p -> p.peerId().equals(session.peerId())),
        "publisher connects");
    assertEquals(
        ErrorCode.STREAM_NOT_FOUND,
        assertThrows(
                ServiceException.class,
                () -> engine.taps().tap("t0", "nope", "127.0.0.1", 1, 2, 5_000))
            .code());

    try (DatagramSocket video = socket();
        DatagramSocket audio = socket()) {
      StreamTaps.Info info =
          engine
              .taps()
              .tap("t1", "tapped", "127.0.0.1", video.getLocalPort(), audio.getLocalPort(), 5_000);
      assertEquals("VP8", info.video().codec().name());
      assertEquals(96, info.video().codec().payloadType());
      assertEquals(111, info.audio().codec().payloadType());
      drainPli(publisher);

      byte[] vp = new byte[700];
      Arrays.fill(vp, (byte) 7);
      byte[] ap = new byte[60];
      Arrays.fill(ap, (byte) 9);
      await(
          () -> {
            try {
              publisher.sendRtp(
                  WebRtcTestClient.rtpPacket(96, 10, 3000, WebRtcTestClient.VIDEO_SSRC, 3, 1, vp));
              publisher.sendRtp(
                  WebRtcTestClient.rtpPacket(111, 20, 960, WebRtcTestClient.AUDIO_SSRC, 1, 1, ap));
              byte[] v = receive(video);
              byte[] a = receive(audio);
              if (v == null || a == null) {
                return false;
              }
              assertEquals(96, Rtp.payloadType(v, 0));
              assertEquals(WebRtcTestClient.VIDEO_SSRC, Rtp.ssrc(v, 0));
              assertArrayEquals(
                  vp, Arrays.copyOfRange(v, Rtp.headerLength(v, 0, v.length), v.length));
              assertEquals(111, Rtp.payloadType(a, 0));
              assertArrayEquals(
                  ap, Arrays.copyOfRange(a, Rtp.headerLength(a, 0, a.length), a.length));
              return true;
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          },
          "plain RTP on the tap's ports");

      assertTrue(engine.taps().untap("t1"));
      assertFalse(engine.taps().untap("t1"));
      assertEquals(0, engine.taps().size());
      Thread.sleep(200); // the untap runs on the forwarding thread
      while (receive(video) != null) {
        Thread.onSpinWait(); // what was in flight before the untap
      }
      publisher.sendRtp(
          WebRtcTestClient.rtpPacket(96, 11, 6000, WebRtcTestClient.VIDEO_SSRC, 3, 1, vp));
      assertEquals(null, receive(video), "no copies after untap");

      engine
          .taps()
          .tap("t2", "tapped", "127.0.0.1", video.getLocalPort(), audio.getLocalPort(), 1_000);
      await(() -> engine.taps().size() == 0, "a tap not renewed within its lease is dropped");
    }
  }

  /** The keyframe request a new tap triggers. */
  private static void drainPli(WebRtcTestClient publisher) {
    boolean[] pli = new boolean[1];
    await(
        () -> {
          byte[] compound = publisher.rtcp.poll();
          if (compound != null) {
            Rtcp.walk(
                compound,
                0,
                compound.length,
                (t, count, b, off, len) -> {
                  if (t == Rtcp.PSFB && count == Rtcp.FMT_PLI) {
                    pli[0] = true;
                  }
                });
          }
          return pli[0];
        },
        "PLI to the publisher when the tap starts");
  }

  private static DatagramSocket socket() throws Exception {
    DatagramSocket s =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    s.setSoTimeout(300);
    return s;
  }

  private static byte[] receive(DatagramSocket s) throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
    try {
      s.receive(p);
      return Arrays.copyOf(p.getData(), p.getLength());
    } catch (SocketTimeoutException e) {
      return null;
    }
  }
}
