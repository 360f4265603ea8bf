package io.liveroom.media.engine;

import io.liveroom.media.rtp.Rtcp;
import io.liveroom.media.rtp.Rtp;
import io.liveroom.media.rtp.TransportCcFeedback;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * What the node tells a publisher about its uplink every ~50 ms: transport-cc feedback (when
 * negotiated) and NACKs for the packets its sources lost. Forwarding thread only.
 */
final class UplinkFeedback {
  private static final int FEEDBACK_MAX_BYTES = 1100;
  private final TransportCcFeedback transportCc;
  private final int transportCcId;
  private final int[] nackSeqs = new int[64];
  long feedbackSent;
  long nacksSent;

  /**
   * {@code transportCcId}: the publisher's transport-cc extension id, or -1 when it negotiated
   * none.
   */
  UplinkFeedback(int transportCcId) {
    this.transportCcId = transportCcId;
    this.transportCc = transportCcId > 0 ? new TransportCcFeedback() : null;
  }

  boolean transportCc() {
    return transportCc != null;
  }

  /**
   * Records a decrypted RTP packet's transport-wide sequence number (every packet: RTX and probes
   * too).
   */
  void received(byte[] b, int off, int len, long nowMicros) {
    if (transportCc == null) {
      return;
    }
    long ext = Rtp.findExtension(b, off, len, transportCcId);
    if (ext >= 0 && (ext & 0xFF) >= 2) {
      int pos = (int) (ext >>> 8);
      transportCc.received(((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF), nowMicros);
    }
  }

  /** Appends transport feedback and the NACKs due now at {@code pos}; returns the end position. */
  int write(
      byte[] r,
      int pos,
      long senderSsrc,
      long mediaSsrc,
      Collection<SourceTrack> tracks,
      long nowMs) {
    if (transportCc != null && transportCc.pending()) {
      pos = transportCc.write(r, pos, senderSsrc, mediaSsrc, FEEDBACK_MAX_BYTES);
      feedbackSent++;
    }
    for (SourceTrack t : tracks) {
      if (t.nacks == null || pos > r.length - 200) {
        continue;
      }
      int[] n = {0};
      t.nacks.due(
          nowMs,
          seq -> {
            if (n[0] < nackSeqs.length) {
              nackSeqs[n[0]++] = seq;
            }
          });
      if (n[0] > 0) {
        Arrays.sort(nackSeqs, 0, n[0]); // wrap-around NACKs only lose their compaction
        pos = Rtcp.nack(r, pos, senderSsrc, t.ssrc, nackSeqs, n[0], 32);
        nacksSent += n[0];
      }
    }
    return pos;
  }

  /**
   * Every ~50 ms (the stream's forwarding thread): transport-cc feedback and NACKs to the
   * publisher, or on an edge the NACKs for what the relay lost, upstream to the origin's cache.
   */
  void tick(Stream stream, Worker w, long nowMs) {
    SourceTracks tracks = stream.tracks;
    RelayIn relayIn = stream.relay;
    if (relayIn != null) {
      byte[] r = w.rtcp;
      int pos = Rtcp.receiverReport(r, 0, relayIn.localSsrc, List.of());
      int start = pos;
      pos = write(r, pos, relayIn.localSsrc, 0, tracks.all(), nowMs);
      if (pos > start) {
        relayIn.sendRtcp(r, pos);
      }
      return;
    }
    Peer pub = stream.publisher;
    if (pub == null || !pub.ready()) {
      return;
    }
    byte[] r = w.rtcp;
    int pos = Rtcp.receiverReport(r, 0, pub.localSsrc, List.of());
    int start = pos;
    pos = write(r, pos, pub.localSsrc, tracks.feedbackMediaSsrc(), tracks.all(), nowMs);
    if (pos > start) {
      pub.sendRtcp(w.out.copyFrom(r, 0, pos));
    }
  }
}
