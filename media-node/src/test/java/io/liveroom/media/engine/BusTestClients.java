package io.liveroom.media.engine;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

/**
 * A publisher and a player test client for tests outside this package (offers in, answers in, media
 * checked).
 */
public final class BusTestClients implements AutoCloseable {
  private final WebRtcTestClient publisher;
  private final WebRtcTestClient player;

  public BusTestClients() throws IOException {
    publisher = new WebRtcTestClient();
    player = new WebRtcTestClient();
  }

  public String publisherOffer() {
    return publisher.offer(true, 111, 96, 1, 3);
  }

  public String playerOffer() {
    return player.offer(false, 111, 96, 1, 3);
  }

  public void publisherAnswer(String sdp) {
    publisher.accept(sdp);
  }

  public void playerAnswer(String sdp) {
    player.accept(sdp);
  }

  /** Waits until both connected, then sends video until the player got one intact. */
  public void awaitMediaFlows() throws IOException {
    MediaEngineLoopbackTest.await(
        () -> publisher.connected() && player.connected(), "clients connect");
    byte[] payload = new byte[300];
    new Random(3).nextBytes(payload);
    int[] seq = {0};
    MediaEngineLoopbackTest.await(
        () -> {
          try {
            publisher.sendRtp(
                WebRtcTestClient.rtpPacket(
                    96, seq[0]++, seq[0] * 3000L, WebRtcTestClient.VIDEO_SSRC, 3, 0, payload));
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
          byte[] got = player.rtp.poll();
          return got != null
              && Arrays.equals(
                  payload, Arrays.copyOfRange(got, got.length - payload.length, got.length));
        },
        "player receives media");
  }

  @Override
  public void close() {
    publisher.close();
    player.close();
  }
}
