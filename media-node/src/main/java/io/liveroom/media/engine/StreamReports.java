package io.liveroom.media.engine;

import io.liveroom.infra.contracts.MediaStreamStats;
import io.liveroom.media.MediaConfig;
import io.liveroom.media.rtp.Rtcp;
import io.liveroom.media.rtp.Rtp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A stream's once-a-second work: RR + REMB to the publisher (with the loss-driven estimate when it
 * has no transport-cc), SRs to players, layer choices, and the {@link MediaStreamStats} / {@link
 * QualityStats} other threads read. {@link #tick} runs on the stream's forwarding thread; the
 * getters on any thread.
 */
final class StreamReports {
  private static final long MIN_ESTIMATE_BPS = 150_000;

  private final Stream stream;
  private final MediaConfig config;
  private long lastTickMillis = System.currentTimeMillis();
  private long lastTickBytes;
  private double lastPlayerLoss;
  private long estimateBps;
  private volatile MediaStreamStats stats;
  private volatile QualityStats quality;

  StreamReports(Stream stream, MediaConfig config) {
    this.stream = stream;
    this.config = config;
    this.estimateBps = config.maxBitrateBps();
  }

  QualityStats quality() {
    QualityStats q = quality;
    return q != null
        ? q
        : new QualityStats(
            stream.id, stream.uplink.transportCc(), 0, 0, 0, 0, 0, List.of(), List.of());
  }

  MediaStreamStats stats() {
    MediaStreamStats s = stats;
    Peer p = stream.publisher;
    return s != null
        ? s
        : new MediaStreamStats(
            stream.id,
            p == null ? null : p.id,
            false,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            estimateBps,
            0,
            0);
  }

  /**
   * The publisher's RTCP (on an edge: its SRs as the origin relayed them): SRs for the players' lip
   * sync, relayed on to this origin's edges. Forwarding thread.
   */
  void onPublisherRtcp(byte[] b, int off, int len) {
    long now = System.currentTimeMillis();
    Rtcp.walk(
        b,
        off,
        len,
        (type, count, buf, pos, size) -> {
          if (type == Rtcp.SR && size >= 28) {
            SourceTrack t = stream.tracks.get(Rtcp.senderSsrc(buf, pos));
            for (int i = 0; i < stream.relays.size(); i++) { // edges give their players SRs too
              stream.relays.get(i).relayRtcp(buf, pos, size);
            }
            if (t != null) {
              long ntp = (Rtp.readUint32(buf, pos + 8) << 32) | Rtp.readUint32(buf, pos + 12);
              t.stats.senderReport(ntp, Rtp.readUint32(buf, pos + 16), now);
            }
          }
        });
  }

  /** About once a second: RR + REMB to the publisher, SRs to players, fresh stats. */
  void tick(Worker w, long now) {
    SourceTracks tracks = stream.tracks;
    Peer pub = stream.publisher;
    int uplinkLoss = 0;
    if (pub != null && pub.ready()) {
      List<Rtcp.ReportBlock> blocks = new ArrayList<>();
      for (SourceTrack t : tracks.all()) {
        if (t.stats.packetsReceived() > 0) {
          Rtcp.ReportBlock block = t.stats.report(now);
          uplinkLoss = Math.max(uplinkLoss, block.fractionLost());
          blocks.add(block);
        }
      }
      // the publisher's uplink only: players' loss is theirs to handle (layers, RTX), never the
      // room's
      if (!stream.uplink.transportCc()) {
        adaptEstimate(uplinkLoss);
      } else {
        estimateBps =
            config.maxBitrateBps(); // transport-cc drives Chrome's estimate; REMB only caps it
      }
      byte[] r = w.rtcp;
      int pos = Rtcp.receiverReport(r, 0, pub.localSsrc, blocks);
      if (!tracks.videoSsrcs.isEmpty()) {
        pos = Rtcp.remb(r, pos, pub.localSsrc, estimateBps, tracks.videoSsrcs);
      }
      pub.sendRtcp(w.out.copyFrom(r, 0, pos));
    }
    long elapsed = Math.max(1, now - lastTickMillis);
    for (SourceTrack t : tracks.all()) {
      t.bitrateBps = (t.bytes - t.lastBytes) * 8 * 1000 / elapsed;
      t.lastBytes = t.bytes;
    }
    if (stream.edgeLayers != null) {
      stream.edgeLayers.applyOriginRates();
    }
    for (Peer player : stream.players) {
      if (!player.ready()) {
        continue;
      }
      LayerChoice.choose(
          player, tracks.layers, tracks.all(), t -> stream.requestKeyframe(t, false));
      for (SourceTrack t : tracks.all()) {
        Peer.OutTrack o = t.index < player.outTracks.length ? player.outTracks[t.index] : null;
        if (o == null
            || o.packets == 0
            || !t.stats.hasSenderReport()
            || t.primary != null
            || o.layers != null && o.layers.current() != t.layer) {
          continue;
        }
        long ssrc = o.layers != null ? o.layers.outSsrc : t.ssrc;
        long ts =
            o.layers != null
                ? o.layers.playerTimestamp(t.stats.rtpTimestampAt(now))
                : t.stats.rtpTimestampAt(now);
        int pos = Rtcp.senderReport(w.rtcp, 0, ssrc, Rtcp.ntp(now), ts, o.packets, o.octets);
        player.sendRtcp(w.out.copyFrom(w.rtcp, 0, pos));
      }
    }
    updateStats(now, uplinkLoss);
    updateQuality();
  }

  private void updateQuality() {
    List<Long> layerRates = new ArrayList<>();
    for (SourceTrack[] ls : stream.tracks.layers) {
      for (SourceTrack t : ls) {
        layerRates.add(t == null ? 0 : t.bitrateBps);
      }
    }
    List<QualityStats.Player> ps = new ArrayList<>();
    for (Peer p : stream.players) {
      LayerSelector l = null;
      long rtx = 0;
      for (Peer.OutTrack o : p.outTracks) {
        if (o != null) {
          l = l == null ? o.layers : l;
          rtx += o.rtxSent;
        }
      }
      SendSideEstimator e = p.estimator;
      ps.add(
          new QualityStats.Player(
              p.id,
              p.videoLayer.name().toLowerCase(Locale.ROOT),
              e == null ? -1 : e.estimateBps(),
              e == null ? -1 : e.ackedBps(),
              e == null ? 0 : e.lossFraction(),
              l == null ? -1 : l.current(),
              l == null ? -1 : l.target(),
              l == null ? 0 : l.switches(),
              rtx,
              e == null ? 0 : e.overuses()));
    }
    UplinkFeedback uplink = stream.uplink;
    quality =
        new QualityStats(
            stream.id,
            uplink.transportCc(),
            uplink.feedbackSent,
            uplink.nacksSent,
            stream.rtxReceived,
            stream.rtxRecovered,
            stream.rtxDuplicates,
            List.copyOf(layerRates),
            List.copyOf(ps));
  }

  /**
   * For publishers without transport-cc, loss-driven: back off 15% above 10% loss, grow 8% below
   * 2%, within [150 kbit/s, max].
   */
  private void adaptEstimate(int fractionLost) {
    if (fractionLost > 26) {
      estimateBps = Math.max(MIN_ESTIMATE_BPS, (long) (estimateBps * 0.85));
    } else if (fractionLost < 5) {
      estimateBps = Math.min(config.maxBitrateBps(), (long) (estimateBps * 1.08) + 10_000);
    }
  }

  private void updateStats(long now, int uplinkLoss) {
    long elapsed = Math.max(1, now - lastTickMillis);
    long bitrate = (stream.bytesIn - lastTickBytes) * 8 * 1000 / elapsed;
    lastTickMillis = now;
    lastTickBytes = stream.bytesIn;
    PlayerFanout fanout = stream.fanout;
    lastPlayerLoss = fanout.playerLossInterval / 256.0;
    fanout.playerLossInterval = 0;
    long lost = stream.tracks.all().stream().mapToLong(t -> t.stats.packetsLost()).sum();
    Peer pub = stream.publisher;
    int ready = (int) stream.players.stream().filter(Peer::ready).count();
    stats =
        new MediaStreamStats(
            stream.id,
            pub == null ? null : pub.id,
            pub != null && pub.ready(),
            ready,
            stream.packetsIn,
            stream.bytesIn,
            bitrate,
            lost,
            uplinkLoss / 256.0,
            fanout.packetsOut,
            fanout.bytesOut,
            lastPlayerLoss,
            estimateBps,
            stream.keyframeRequests,
            fanout.nacksAnswered);
  }
}
