package io.liveroom.media.engine;

import io.liveroom.media.rtp.Rtcp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An edge's simulcast layer bookkeeping for one relayed stream: which layers its players use (each
 * player's target and current layer, whatever chose them: its preference, its estimator, a
 * collapsed link's lowest layer), which the edge therefore asks the origin for ({@link
 * RelayLayerMessages#WANT}, with a PLI for a layer it starts asking for), and the origin's view of
 * every layer (SSRC, bitrate) so players choose among all layers, relayed or not. A layer no player
 * uses stays wanted for {@link #GRACE_MS} so a flapping {@code auto} player does not thrash the
 * relay. Forwarding thread only, apart from {@link #wanted()}.
 */
final class EdgeLayers {
  /** A layer no player uses any more is still relayed this long. */
  static final long GRACE_MS = 2_000;

  private final Stream stream;
  private final SourceTrack[][] layers;
  private final long[][] usedAt;
  private final long[][] originRates;
  private final boolean simulcast;
  private boolean originInfo;
  private volatile int[] wanted;

  EdgeLayers(Stream stream) {
    this.stream = stream;
    this.layers = stream.tracks.layers;
    this.usedAt = new long[layers.length][];
    this.originRates = new long[layers.length][];
    boolean any = false;
    for (int i = 0; i < layers.length; i++) {
      usedAt[i] = new long[layers[i].length];
      originRates[i] = new long[layers[i].length];
      Arrays.fill(usedAt[i], Long.MIN_VALUE / 2);
      any |= layers[i].length > 0;
    }
    this.simulcast = any;
  }

  /** The masks last asked for (any thread), null before the first. */
  int[] wanted() {
    return wanted;
  }

  /** The layers asked for, as {@code <stream>/<m-line>/<layer>} strings (stats). */
  List<String> describe(String streamId) {
    int[] w = wanted;
    List<String> out = new ArrayList<>();
    for (int i = 0; w != null && i < w.length; i++) {
      for (int l = 0; l < 8; l++) {
        if ((w[i] & (1 << l)) != 0) {
          out.add(streamId + "/" + i + "/" + l);
        }
      }
    }
    return out;
  }

  /**
   * Recomputes the wanted layers from the players; when they changed, tells the origin, with a PLI
   * for each layer newly asked for whose source is known.
   */
  void update(long now) {
    RelayIn in = stream.relay;
    if (!simulcast || in == null || in.ended) {
      return;
    }
    for (Peer p : stream.players) {
      if (p.closed.get()) {
        continue;
      }
      for (int i = 0; i < layers.length && i < p.outTracks.length; i++) {
        Peer.OutTrack o = p.outTracks[i];
        if (o != null && o.layers != null) {
          usedAt[i][o.layers.target()] = now;
          if (o.layers.current() >= 0) {
            usedAt[i][o.layers.current()] = now;
          }
        }
      }
    }
    int[] masks = new int[layers.length];
    for (int i = 0; i < layers.length; i++) {
      for (int l = 0; l < layers[i].length; l++) {
        if (now - usedAt[i][l] < GRACE_MS) {
          masks[i] |= 1 << l;
        }
      }
    }
    int[] old = wanted;
    if (Arrays.equals(masks, old)) {
      return;
    }
    byte[] r = stream.worker.rtcp;
    int pos = Rtcp.receiverReport(r, 0, in.localSsrc, List.of());
    pos = RelayLayerMessages.writeWant(r, pos, in.localSsrc, masks);
    for (int i = 0; i < layers.length; i++) {
      int added = masks[i] & ~(old == null ? 0 : old[i]);
      for (int l = 0; l < layers[i].length; l++) {
        SourceTrack t = layers[i][l];
        if ((added & (1 << l)) != 0 && t != null) {
          if (t.nacks != null) { // the layer resumes: its gap while not relayed is no loss
            t.nacks.restart();
          }
          pos = Rtcp.pli(r, pos, in.localSsrc, t.ssrc);
          t.lastKeyframeRequest = System.currentTimeMillis();
          stream.keyframeRequests++;
        }
      }
    }
    wanted = masks;
    in.sendRtcp(r, pos);
  }

  /** The origin's {@link RelayLayerMessages#INFO}: learns the layers' sources and rates. */
  void onOriginRtcp(byte[] b, int off, int len) {
    Rtcp.walk(
        b,
        off,
        len,
        (type, count, buf, pos, size) ->
            RelayLayerMessages.readInfo(
                buf,
                pos,
                size,
                (index, layer, ssrc, bps) -> {
                  if (index < layers.length && layer < layers[index].length) {
                    originRates[index][layer] = bps;
                    originInfo = true;
                    stream.tracks.learnLayer(index, layer, ssrc);
                  }
                }));
  }

  /**
   * After the edge measured its layers' bitrates: the origin's figures instead (it receives every
   * layer, the edge only those it relays).
   */
  void applyOriginRates() {
    if (!originInfo) {
      return;
    }
    for (int i = 0; i < layers.length; i++) {
      for (int l = 0; l < layers[i].length; l++) {
        if (layers[i][l] != null) {
          layers[i][l].bitrateBps = originRates[i][l];
        }
      }
    }
  }
}
