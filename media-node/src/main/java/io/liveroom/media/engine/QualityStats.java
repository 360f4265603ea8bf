package io.liveroom.media.engine;

import java.util.List;

/**
 * Media-quality counters of one stream, refreshed about once a second: the publisher side
 * (transport-cc feedback and NACKs sent, RTX received) and per player its estimate and layer.
 *
 * @param transportCc the publisher negotiated transport-cc (else the node sends REMB)
 * @param layerBitratesBps measured bitrate of each simulcast layer, best first (empty: no
 *     simulcast)
 */
public record QualityStats(
    String streamId,
    boolean transportCc,
    long feedbackSent,
    long nacksSent,
    long rtxReceived,
    long rtxRecovered,
    long rtxDuplicates,
    List<Long> layerBitratesBps,
    List<Player> players) {

  /**
   * One player: its estimate (-1 without transport-cc), acknowledged rate, the layer it receives
   * and the target (-1: no simulcast), layer switches, RTX retransmissions sent.
   */
  public record Player(
      String peerId,
      String preference,
      long estimateBps,
      long ackedBps,
      double loss,
      int layer,
      int targetLayer,
      long switches,
      long retransmissions,
      long overuses) {}
}
