package io.liveroom.media.engine;

import java.util.Collection;
import java.util.function.Consumer;

/**
 * Once a second per player: the target layer of each simulcast source, and how far its estimate may
 * probe.
 */
final class LayerChoice {
  private LayerChoice() {}

  /**
   * A player's layers: from its estimate (audio and other m-lines first), over the layers being
   * sent.
   */
  static void choose(
      Peer player,
      SourceTrack[][] layers,
      Collection<SourceTrack> tracks,
      Consumer<SourceTrack> requestKeyframe) {
    long other = 0;
    for (SourceTrack t : tracks) {
      Peer.OutTrack o = t.index < player.outTracks.length ? player.outTracks[t.index] : null;
      if (o != null && o.layers == null && t.primary == null) {
        other += t.bitrateBps;
      }
    }
    SendSideEstimator est = player.estimator;
    long now = System.currentTimeMillis();
    for (SourceTrack t :
        tracks) { // a VP8 stream without simulcast: only its temporal layers can go
      Peer.OutTrack o = t.index < player.outTracks.length ? player.outTracks[t.index] : null;
      if (o != null && o.layers == null && t.primary == null) {
        chooseTemporal(o, est, t.bitrateBps, other - t.bitrateBps, now);
      }
    }
    for (int i = 0; i < layers.length && i < player.outTracks.length; i++) {
      Peer.OutTrack o = player.outTracks[i];
      if (o == null || o.layers == null) {
        continue;
      }
      long[] rates = new long[layers[i].length];
      for (int l = 0; l < rates.length; l++) {
        rates[l] = layers[i][l] == null ? 0 : layers[i][l].bitrateBps;
      }
      SendSideEstimator e = player.estimator;
      long estimate = e != null ? e.estimateBps() : Long.MAX_VALUE / 4;
      o.layers.choose(estimate, rates, other, System.currentTimeMillis());
      if (e != null) {
        int better = o.layers.betterLayer();
        e.probeCeiling(better < 0 ? 0 : (long) ((rates[better] + other) / 0.75 * 1.1));
      }
      // a layer the publisher does not send (paused by its own estimator) cannot be switched to
      int target = o.layers.target();
      if (rates[target] == 0) {
        for (int d = 1; d < rates.length; d++) {
          if (target + d < rates.length && rates[target + d] > 0) {
            o.layers.target(target + d);
            break;
          }
          if (target - d >= 0 && rates[target - d] > 0) {
            o.layers.target(target - d);
            break;
          }
        }
      }
      chooseTemporal(o, e, rates, other, now);
      if (o.layers.switching() && layers[i][o.layers.target()] != null) {
        requestKeyframe.accept(layers[i][o.layers.target()]);
      }
    }
  }

  /**
   * VP8 temporal layers of a stream without simulcast: base layer only while its bitrate plus the
   * player's other media does not fit the estimate; the estimate may then probe up to what it all
   * needs.
   */
  static void chooseTemporal(
      Peer.OutTrack o, SendSideEstimator e, long videoBps, long otherBps, long now) {
    if (o.temporal == null || e == null) {
      return;
    }
    o.temporal.choose(e.estimateBps(), videoBps, otherBps, now);
    e.probeCeiling(o.temporal.baseOnly() ? (long) ((videoBps + otherBps) / 0.75 * 1.1) : 0);
  }

  /**
   * VP8 temporal layers of a simulcast source: base layer only while the player is on the lowest
   * layer being sent and even that does not fit its estimate (AUTO only); the estimate may then
   * probe up to what the whole lowest layer needs.
   */
  static void chooseTemporal(
      Peer.OutTrack o, SendSideEstimator e, long[] rates, long other, long now) {
    if (o.temporal == null) {
      return;
    }
    int target = o.layers.target();
    boolean lowest = true;
    for (int l = target + 1; l < rates.length; l++) {
      lowest &= rates[l] == 0;
    }
    if (e == null || o.layers.preference == LayerSelector.Preference.HIGH || !lowest) {
      o.temporal.want(TemporalFilter.ALL);
      return;
    }
    o.temporal.choose(e.estimateBps(), rates[target], other, now);
    if (o.temporal.baseOnly()) {
      e.probeCeiling((long) ((rates[target] + other) / 0.75 * 1.1));
    }
  }
}
