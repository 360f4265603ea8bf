package io.liveroom.media.engine;

import io.liveroom.media.rtp.NackGenerator;
import io.liveroom.media.rtp.ReceiveStats;
import io.liveroom.media.sdp.NegotiatedMedia;

/**
 * One received source of a publisher: a primary source (a simulcast layer has {@code layer >= 0})
 * or an RTX source ({@code primary} set) whose packets are turned back into the primary's.
 * Forwarding thread only.
 */
final class SourceTrack {
  private static final int NACK_RETRY_MS = 100;
  private static final int NACK_MAX_RETRIES = 8;
  private static final int NACK_MAX_AGE_MS = 1000;

  final int index;
  final NegotiatedMedia media;
  final long ssrc;
  final ReceiveStats stats;
  final int layer;
  final SourceTrack primary;
  final NackGenerator nacks;
  long lastKeyframeRequest;
  long bytes;
  long lastBytes;
  long bitrateBps;

  SourceTrack(
      int index, NegotiatedMedia media, long ssrc, int layer, SourceTrack primary, boolean nack) {
    this.index = index;
    this.media = media;
    this.ssrc = ssrc;
    this.stats = new ReceiveStats(ssrc, media.codec().clockRate());
    this.layer = layer;
    this.primary = primary;
    this.nacks =
        nack && primary == null
            ? new NackGenerator(NACK_RETRY_MS, NACK_MAX_RETRIES, NACK_MAX_AGE_MS)
            : null;
  }
}
