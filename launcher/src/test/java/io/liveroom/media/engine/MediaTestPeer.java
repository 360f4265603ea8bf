package io.liveroom.media.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * The media-node's Java WebRTC test client ({@link WebRtcTestClient}: ICE-controlling on 127.0.0.1,
 * DTLS client, SRTP) for the launcher's multi-process tests, which live in another package.
 */
public final class MediaTestPeer implements AutoCloseable {
  private static final int OPUS = 111;
  private static final int VP8 = 96;
  private final WebRtcTestClient client;
  private int seq;

  private MediaTestPeer() {
    try {
      client = new WebRtcTestClient();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static MediaTestPeer create() {
    return new MediaTestPeer();
  }

  /** A sendonly offer (Opus + VP8) for startPublishingStream. */
  public String publishOffer() {
    return client.offer(true, OPUS, VP8, 1, 3);
  }

  /** A recvonly offer for startPlayingStream. */
  public String playOffer() {
    return client.offer(false, OPUS, VP8, 1, 3);
  }

  /** Applies the node's answer and connects (ICE, DTLS, SRTP) in the background. */
  public void accept(String answerSdp) {
    client.accept(answerSdp);
  }

  public boolean connected() {
    return client.connected();
  }

  /** Sends one Opus-like RTP packet (only once connected). */
  public void sendAudio() throws IOException {
    int s = seq++ & 0xFFFF;
    client.sendRtp(
        WebRtcTestClient.rtpPacket(
            OPUS, s, 960L * s, WebRtcTestClient.AUDIO_SSRC, 1, s & 0xFF, audioPayload()));
  }

  /** Waits up to {@code ms} for one decrypted RTP packet; true when one came. */
  public boolean receivedWithin(long ms) throws InterruptedException {
    return client.rtp.poll(ms, TimeUnit.MILLISECONDS) != null;
  }

  /** Waits up to {@code ms} for the next decrypted RTP packet; null when none came. */
  public byte[] nextRtp(long ms) throws InterruptedException {
    return client.rtp.poll(ms, TimeUnit.MILLISECONDS);
  }

  /** Drops the packets received so far. */
  public void clearReceived() {
    client.rtp.clear();
  }

  /** The SSRC of the audio {@link #sendAudio} sends. */
  public static long audioSsrc() {
    return WebRtcTestClient.AUDIO_SSRC;
  }

  /** The payload of every packet {@link #sendAudio} sends. */
  public static byte[] audioPayload() {
    return new byte[] {1, 2, 3};
  }

  public Throwable failure() {
    return client.failure.get();
  }

  @Override
  public void close() {
    client.close();
  }
}
