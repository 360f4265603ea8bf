package io.liveroom.media.engine;

import io.liveroom.infra.contracts.MediaStreamStats;
import io.liveroom.media.MediaConfig;
import io.liveroom.media.rtp.PacketCache;
import io.liveroom.media.rtp.Rtcp;
import io.liveroom.media.rtp.Rtp;
import io.liveroom.media.rtp.VideoPayloads;
import io.liveroom.media.sdp.NegotiatedMedia;
import io.liveroom.media.transport.PacketBuffer;
import io.liveroom.media.transport.SrtpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One published stream: its publisher, its players and the forwarding between them. Everything
 * below except construction, {@link #outTracksFor} and {@link #stats()} runs on the stream's {@link
 * Worker}: RTP is decrypted once, cached for NACKs, and re-encrypted per player; RTCP is terminated
 * (RR + REMB up, SR down, PLI/FIR relayed with a rate limit, NACKs answered here). The publisher's
 * sources are {@link SourceTracks}, the players' side {@link PlayerFanout}, the once-a-second
 * reports {@link StreamReports}.
 */
final class Stream {
  final String id;
  final Worker worker;
  private final MediaConfig config;
  private final List<NegotiatedMedia> published;
  final SourceTracks tracks;
  final PacketCache cache;

  /** Transport-cc and NACKs towards the publisher. */
  final UplinkFeedback uplink;

  final PlayerFanout fanout;

  /** Each video source's packets since its last keyframe, for a player's first frame. */
  final KeyframeCaches keyframes;

  private final StreamReports reports;
  long rtxReceived;
  long rtxRecovered;
  long rtxDuplicates;
  final CopyOnWriteArrayList<Peer> players = new CopyOnWriteArrayList<>();

  /** Edges this origin relays the stream to (changed on this stream's worker only). */
  final List<RelayOut> relays = new ArrayList<>();

  /** On an edge: the relay that is this stream's source instead of a publisher; else null. */
  volatile RelayIn relay;

  /** On an edge: the simulcast layers its players use, asked of the origin; else null. */
  final EdgeLayers edgeLayers;

  /** On the origin: the publisher's offer, which edges negotiate again. */
  volatile String offerSdp;

  /** Egress subscribers of the decrypted RTP (changed on this stream's worker only). */
  final List<StreamTap> taps = new ArrayList<>();

  volatile Peer publisher;
  long packetsIn;
  long bytesIn;
  long keyframeRequests;
  private long lastKeyframeRequest;

  /** The publisher's audio level (RFC 6464), null when it negotiated no ssrc-audio-level. */
  final AudioLevelMonitor audioLevels;

  Stream(String id, Worker worker, MediaConfig config, List<NegotiatedMedia> published) {
    this(id, worker, config, published, false);
  }

  /** {@code relayed}: an edge's copy, fed by a relay link (no transport-cc feedback upstream). */
  Stream(
      String id,
      Worker worker,
      MediaConfig config,
      List<NegotiatedMedia> published,
      boolean relayed) {
    this.id = id;
    this.worker = worker;
    this.config = config;
    this.published = published;
    this.cache = new PacketCache(config.nackCacheSize());
    this.audioLevels = AudioLevelMonitor.forPublished(published);
    this.tracks = new SourceTracks(config, published);
    this.uplink = new UplinkFeedback(relayed ? -1 : tracks.transportCcId);
    this.fanout = new PlayerFanout(this, published, tracks, cache);
    this.keyframes =
        new KeyframeCaches(config.keyframeCacheBytes(), config.keyframeCacheMaxAgeMs());
    this.reports = new StreamReports(this, config);
    this.edgeLayers = relayed ? new EdgeLayers(this) : null;
  }

  List<NegotiatedMedia> published() {
    return published;
  }

  /** A player's payload types and extension ids for each publisher m-line it receives. */
  Peer.OutTrack[] outTracksFor(List<NegotiatedMedia> playerMedia) {
    return fanout.outTracksFor(playerMedia);
  }

  /**
   * Gives a player's simulcast m-lines their layer selection (before it is added to {@link
   * #players}).
   */
  void prepareLayers(Peer player) {
    fanout.prepareLayers(player);
  }

  QualityStats quality() {
    return reports.quality();
  }

  MediaStreamStats stats() {
    return reports.stats();
  }

  void onPacket(Worker w, Peer from, byte[] buf, int off, int len) {
    SrtpSession srtp = from.srtp;
    if (srtp == null) {
      return;
    }
    PacketBuffer p = w.in.wrap(buf, off, len);
    if (Rtp.isRtcp(buf, off, len)) {
      if (srtp.decryptRtcp(p)) {
        if (from == publisher) {
          reports.onPublisherRtcp(buf, p.getOffset(), p.getLength());
        } else {
          fanout.onPlayerRtcp(from, buf, p.getOffset(), p.getLength());
        }
      }
    } else if (from == publisher && Rtp.validRtp(buf, off, len) && srtp.decryptRtp(p)) {
      forward(buf, p.getOffset(), p.getLength());
    }
  }

  /** Whether the source is gone (the publisher closed, or the relay ended). */
  boolean sourceEnded() {
    Peer pub = publisher;
    RelayIn r = relay;
    return pub != null ? pub.closed.get() : r == null || r.ended;
  }

  /** Edge: a decrypted RTP packet from the origin, as if the publisher had sent it. */
  void onRelayRtp(byte[] b, int off, int len) {
    if (relay != null && Rtp.validRtp(b, off, len)) {
      forward(b, off, len);
    }
  }

  /** Edge: the publisher's sender reports as the origin relayed them (lip sync for players). */
  void onRelaySenderReports(byte[] b, int off, int len) {
    if (relay != null) {
      reports.onPublisherRtcp(b, off, len);
    }
  }

  private void forward(byte[] b, int off, int len) {
    long nowMicros = System.nanoTime() / 1000;
    uplink.received(b, off, len, nowMicros);
    SourceTrack t = tracks.find(Rtp.ssrc(b, off), b, off, len);
    if (t == null) {
      return;
    }
    if (t.primary
        != null) { // RTX: back to the original packet, dropped when it is a duplicate or padding
      rtxReceived++;
      if (!config.uplinkNack()) {
        return;
      }
      int start = Rtp.unwrapRtx(b, off, len);
      if (start < 0) {
        return;
      }
      len -= start - off;
      off = start;
      t = t.primary;
      Rtp.setSsrc(b, off, t.ssrc);
      Rtp.setPayloadType(b, off, t.media.codec().payloadType());
      if (cache.contains(t.ssrc, Rtp.sequence(b, off))) {
        rtxDuplicates++;
        return;
      }
      rtxRecovered++;
    }
    long now = System.currentTimeMillis();
    int seq = Rtp.sequence(b, off);
    t.stats.packet(seq, Rtp.timestamp(b, off), now);
    if (t.nacks != null) {
      t.nacks.received(seq, now);
    }
    packetsIn++;
    bytesIn += len;
    t.bytes += len;
    cache.put(t.ssrc, seq, b, off, len);
    if (audioLevels != null) {
      audioLevels.onRtp(t.index, b, off, len);
    }
    boolean keyframe = t.layer >= 0 && isKeyframe(t, b, off, len);
    keyframes.onRtp(t, b, off, len, now);
    if (t.layer <= 0) { // egress taps get the best layer of a simulcast stream
      for (StreamTap tap : taps) {
        tap.onRtp(t.media, b, off, len);
      }
    }
    for (int i = 0; i < relays.size(); i++) {
      relays.get(i).onRtp(t, b, off, len);
    }
    for (Peer player : players) {
      if (player.ready()) {
        if (!player.primed) {
          fanout.prime(player, t);
        }
        fanout.sendTo(player, t, worker.out.copyFrom(b, off, len), keyframe, nowMicros);
      }
    }
  }

  private static boolean isKeyframe(SourceTrack t, byte[] b, int off, int len) {
    int h = Rtp.headerLength(b, off, len);
    int n = Rtp.payloadLength(b, off, len);
    return t.media.codec().is("VP8")
        ? VideoPayloads.isVp8Keyframe(b, off + h, n)
        : VideoPayloads.isH264Keyframe(b, off + h, n);
  }

  /**
   * PLI for one source (a simulcast layer a player switches to), at most once per {@code
   * keyframeMinIntervalMs}.
   */
  void requestKeyframe(SourceTrack t, boolean force) {
    long now = System.currentTimeMillis();
    RelayIn up = relay;
    if (up != null) {
      if (force || now - t.lastKeyframeRequest >= config.keyframeMinIntervalMs()) {
        t.lastKeyframeRequest = now;
        keyframeRequests++;
        up.requestKeyframe(worker.rtcp, List.of(t.ssrc));
      }
      return;
    }
    Peer pub = publisher;
    if (pub == null
        || !pub.ready()
        || (!force && now - t.lastKeyframeRequest < config.keyframeMinIntervalMs())) {
      return;
    }
    t.lastKeyframeRequest = now;
    keyframeRequests++;
    byte[] r = worker.rtcp;
    int pos = Rtcp.receiverReport(r, 0, pub.localSsrc, List.of());
    pos = Rtcp.pli(r, pos, pub.localSsrc, t.ssrc);
    pub.sendRtcp(worker.out.copyFrom(r, 0, pos));
  }

  /**
   * Every ~50 ms: transport-cc feedback for what arrived from the publisher, and NACKs for what did
   * not.
   */
  void feedbackTick(Worker w, long nowMs) {
    uplink.tick(this, w, nowMs);
  }

  /**
   * Sends PLI for every video source to the publisher, at most once per {@code
   * keyframeMinIntervalMs} unless forced.
   */
  void requestKeyframe(boolean force) {
    long now = System.currentTimeMillis();
    Peer pub = publisher;
    List<Long> videoSsrcs = tracks.videoSsrcs;
    RelayIn up = relay;
    if (up != null) {
      if (!videoSsrcs.isEmpty()
          && (force || now - lastKeyframeRequest >= config.keyframeMinIntervalMs())) {
        lastKeyframeRequest = now;
        keyframeRequests++;
        up.requestKeyframe(worker.rtcp, videoSsrcs);
      }
      return;
    }
    if (pub == null
        || !pub.ready()
        || videoSsrcs.isEmpty()
        || (!force && now - lastKeyframeRequest < config.keyframeMinIntervalMs())) {
      return;
    }
    lastKeyframeRequest = now;
    keyframeRequests++;
    byte[] r = worker.rtcp;
    int pos = Rtcp.receiverReport(r, 0, pub.localSsrc, List.of());
    for (long ssrc : videoSsrcs) {
      pos = Rtcp.pli(r, pos, pub.localSsrc, ssrc);
    }
    pub.sendRtcp(worker.out.copyFrom(r, 0, pos));
  }

  /** Tells a player the publisher's sources are gone (RTCP BYE). */
  void sendBye(Peer player) {
    fanout.sendBye(player);
  }

  /** About once a second: RR + REMB to the publisher, SRs to players, fresh stats. */
  void tick(Worker w, long now) {
    reports.tick(w, now);
    if (edgeLayers != null) {
      edgeLayers.update(now);
    }
    for (int i = 0; i < relays.size(); i++) {
      relays.get(i).sendLayerInfo(w.rtcp);
    }
  }
}
