package io.liveroom.media.engine;

import io.liveroom.media.rtp.Rtp;
import io.liveroom.media.sdp.NegotiatedMedia;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * A subscriber of a stream's decrypted RTP that is not a WebRTC peer: the first video and the first
 * audio source of the publisher (by payload type of the negotiated codec, so RTX or a second
 * simulcast layer is not mixed in), sent as plain RTP over UDP (loopback or the cluster's network)
 * to an egress node's ffmpeg. {@link #onRtp} runs on the stream's forwarding thread; the send is a
 * non-blocking datagram write, dropped if the socket buffer is full.
 */
public final class StreamTap implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(StreamTap.class.getName());
  final String id;
  final Stream stream;
  private final DatagramChannel channel;
  private final InetSocketAddress video;
  private final InetSocketAddress audio;
  private final int videoPayloadType;
  private final int audioPayloadType;
  private long videoSsrc = -1;
  private long audioSsrc = -1;
  private final ByteBuffer view = ByteBuffer.allocate(0);
  volatile long renewedAt = System.currentTimeMillis();
  volatile long leaseMs;
  private volatile boolean closed;
  long packets;
  long dropped;

  StreamTap(
      String id,
      Stream stream,
      InetSocketAddress video,
      InetSocketAddress audio,
      int videoPayloadType,
      int audioPayloadType,
      long leaseMs)
      throws IOException {
    this.id = id;
    this.stream = stream;
    this.video = video;
    this.audio = audio;
    this.videoPayloadType = videoPayloadType;
    this.audioPayloadType = audioPayloadType;
    this.leaseMs = leaseMs;
    this.channel = DatagramChannel.open();
    channel.configureBlocking(false);
  }

  /** A decrypted publisher RTP packet of m-line {@code media} (forwarding thread). */
  void onRtp(NegotiatedMedia media, byte[] b, int off, int len) {
    if (closed) {
      return;
    }
    int pt = Rtp.payloadType(b, off);
    long ssrc = Rtp.ssrc(b, off);
    InetSocketAddress to;
    if (media.isVideo() && pt == videoPayloadType && video != null) {
      if (videoSsrc == -1) {
        videoSsrc = ssrc;
      }
      to = ssrc == videoSsrc ? video : null;
    } else if (media.isAudio() && pt == audioPayloadType && audio != null) {
      if (audioSsrc == -1) {
        audioSsrc = ssrc;
      }
      to = ssrc == audioSsrc ? audio : null;
    } else {
      to = null;
    }
    if (to == null) {
      return;
    }
    try {
      if (channel.send(ByteBuffer.wrap(b, off, len), to) == 0) {
        dropped++;
      } else {
        packets++;
      }
    } catch (IOException e) {
      dropped++;
      if (dropped == 1) {
        LOG.log(System.Logger.Level.INFO, "tap " + id + " cannot send to " + to + ": " + e);
      }
    }
  }

  boolean expired(long now) {
    return now - renewedAt > leaseMs;
  }

  @Override
  public void close() {
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
