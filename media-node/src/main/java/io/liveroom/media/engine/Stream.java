package io.liveroom.media.engine;

import io.liveroom.media.MediaConfig;
import io.liveroom.media.rtp.PacketCache;
import io.liveroom.media.rtp.Rtcp;
import io.liveroom.media.rtp.Rtp;
import io.liveroom.media.rtp.TransportCcFeedback;
import io.liveroom.media.sdp.NegotiatedMedia;
import io.liveroom.media.sdp.Negotiator;
import io.liveroom.media.sdp.SessionDescription.Extmap;
import io.liveroom.media.transport.PacketBuffer;
import io.liveroom.media.transport.SrtpSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One published stream: its publisher, its players and the forwarding between them. Everything
 * below except construction, {@link #outTracksFor} and {@link #stats()} runs on the stream's
 * {@link Worker}: RTP is decrypted once, cached for NACKs, and re-encrypted per player; RTCP is
 * terminated (RR + REMB up, SR down, PLI/FIR relayed with a rate limit, NACKs answered here).
 */
final class Stream {
  private static final long MIN_ESTIMATE_BPS = 150_000;
  private static final int MAX_LEARNED_SOURCES = 16;
  private static final int RESEND_MIN_INTERVAL_MS = 100;

  final String id;
  final Worker worker;
  private final MediaConfig config;
  private final List<NegotiatedMedia> published;
  private final Map<Long, SourceTrack> tracks = new HashMap<>();
  /** Per published m-line, its simulcast layers' tracks (null entries until a layer's source is seen). */
  private final SourceTrack[][] layers;
  private final PacketCache cache;
  /** Transport-cc and NACKs towards the publisher. */
  private final UplinkFeedback uplink;
  private long rtxReceived;
  private long rtxRecovered;
  private long rtxDuplicates;
  private volatile QualityStats quality;
  private final List<Long> videoSsrcs = new ArrayList<>();
  final CopyOnWriteArrayList<Peer> players = new CopyOnWriteArrayList<>();
  /** Egress subscribers of the decrypted RTP (changed on this stream's worker only). */
  final List<StreamTap> taps = new ArrayList<>();
  volatile Peer publisher;
  private long packetsIn;
  private long bytesIn;
  private long packetsOut;
  private long bytesOut;
  private long keyframeRequests;
  private long nacksAnswered;
  private long lastKeyframeRequest;
  private long lastTickMillis = System.currentTimeMillis();
  private long lastTickBytes;
  private int playerLossInterval;
  private double lastPlayerLoss;
  private long estimateBps;
  private volatile StreamStats stats;
  /** The publisher's audio level (RFC 6464), null when it negotiated no ssrc-audio-level. */
  final AudioLevelMonitor audioLevels;

  Stream(String id, Worker worker, MediaConfig config, List<NegotiatedMedia> published) {
    this.id = id;
    this.worker = worker;
    this.config = config;
    this.published = published;
    this.cache = new PacketCache(config.nackCacheSize());
    this.estimateBps = config.maxBitrateBps();
    this.audioLevels = AudioLevelMonitor.forPublished(published);
    this.layers = new SourceTrack[published.size()][];
    int twccId = -1;
    for (int i = 0; i < published.size(); i++) {
      NegotiatedMedia m = published.get(i);
      layers[i] = new SourceTrack[m.rids().size()];
      if (m.accepted() && m.transportCc() && twccId < 0) {
        twccId = m.extmapId(Negotiator.EXT_TRANSPORT_CC); // one id per URI in a BUNDLE group
      }
      if (m.accepted() && !m.simulcast()) {
        for (long ssrc : m.ssrcs()) {
          addTrack(i, m, ssrc, -1, null);
        }
        for (Map.Entry<Long, Long> rtx : m.rtxSsrcs().entrySet()) {
          SourceTrack p = tracks.get(rtx.getValue());
          if (p != null) {
            addTrack(i, m, rtx.getKey(), -1, p);
          }
        }
      }
    }
    this.uplink = new UplinkFeedback(twccId);
  }

  private SourceTrack addTrack(int index, NegotiatedMedia m, long ssrc, int layer, SourceTrack primary) {
    boolean nack = config.uplinkNack() && m.isVideo() && m.codec().feedback().contains("nack");
    SourceTrack t = new SourceTrack(index, m, ssrc, layer, primary, nack);
    tracks.put(ssrc, t);
    if (m.isVideo() && primary == null) {
      videoSsrcs.add(ssrc);
      if (layer >= 0) {
        layers[index][layer] = t;
      }
    }
    return t;
  }

  List<NegotiatedMedia> published() {
    return published;
  }

  /** A player's payload types and extension ids for each publisher m-line it receives. */
  Peer.OutTrack[] outTracksFor(List<NegotiatedMedia> playerMedia) {
    Peer.OutTrack[] out = new Peer.OutTrack[published.size()];
    for (NegotiatedMedia pm : playerMedia) {
      for (int i = 0; pm.accepted() && i < published.size(); i++) {
        NegotiatedMedia src = published.get(i);
        if (src.accepted() && src.mid().equals(pm.sourceMid())) {
          int[] ids = new int[16];
          boolean identity = true;
          for (Extmap e : src.extmaps()) {
            int target = pm.extmapId(e.uri());
            ids[e.id()] = Math.max(target, 0);
            identity &= target == e.id();
          }
          Peer.OutTrack o = new Peer.OutTrack(pm.codec().payloadType(), identity ? null : ids);
          if (pm.transportCc()) {
            o.transportCcId = pm.extmapId(Negotiator.EXT_TRANSPORT_CC);
          }
          if (pm.rtxPayloadType() >= 0 && !pm.rtxSsrcs().isEmpty()) {
            o.rtxPayloadType = pm.rtxPayloadType();
            o.rtxSsrc = pm.rtxSsrcs().keySet().iterator().next();
          }
          out[i] = o;
        }
      }
    }
    return out;
  }

  /** Gives a player's simulcast m-lines their layer selection (before it is added to {@link #players}). */
  void prepareLayers(Peer player) {
    for (int i = 0; i < published.size() && i < player.outTracks.length; i++) {
      NegotiatedMedia src = published.get(i);
      if (player.outTracks[i] != null && src.simulcast()) {
        player.outTracks[i].layers = new LayerSelector(src.ssrcs().get(0), src.rids().size(), player.videoLayer);
      }
    }
  }

  QualityStats quality() {
    QualityStats q = quality;
    return q != null ? q : new QualityStats(id, uplink.transportCc(), 0, 0, 0, 0, 0, List.of(), List.of());
  }

  StreamStats stats() {
    StreamStats s = stats;
    Peer p = publisher;
    return s != null ? s : new StreamStats(id, p == null ? null : p.id, false, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        estimateBps, 0, 0);
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
          onPublisherRtcp(buf, p.getOffset(), p.getLength());
        } else {
          onPlayerRtcp(from, buf, p.getOffset(), p.getLength());
        }
      }
    } else if (from == publisher && Rtp.validRtp(buf, off, len) && srtp.decryptRtp(p)) {
      forward(buf, p.getOffset(), p.getLength());
    }
  }

  private void forward(byte[] b, int off, int len) {
    long nowMicros = System.nanoTime() / 1000;
    uplink.received(b, off, len, nowMicros);
    long ssrc = Rtp.ssrc(b, off);
    SourceTrack t = tracks.get(ssrc);
    if (t == null && (t = learn(ssrc, Rtp.payloadType(b, off), b, off, len)) == null) {
      return;
    }
    if (t.primary != null) { // RTX: back to the original packet, dropped when it is a duplicate or padding
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
    if (t.layer <= 0) { // egress taps get the best layer of a simulcast stream
      for (StreamTap tap : taps) {
        tap.onRtp(t.media, b, off, len);
      }
    }
    for (Peer player : players) {
      if (player.ready()) {
        sendTo(player, t, worker.out.copyFrom(b, off, len), keyframe, nowMicros);
      }
    }
  }

  private static boolean isKeyframe(SourceTrack t, byte[] b, int off, int len) {
    int h = Rtp.headerLength(b, off, len);
    int n = Rtp.payloadLength(b, off, len);
    return t.media.codec().is("VP8") ? Rtp.isVp8Keyframe(b, off + h, n) : Rtp.isH264Keyframe(b, off + h, n);
  }

  /**
   * A source the offer did not signal: a simulcast layer (or its RTX) named by its rid, an RTX source
   * of a known primary, or else the m-line of its payload type.
   */
  private SourceTrack learn(long ssrc, int payloadType, byte[] b, int off, int len) {
    if (tracks.size() >= MAX_LEARNED_SOURCES) {
      return null;
    }
    for (int i = 0; i < published.size(); i++) {
      NegotiatedMedia m = published.get(i);
      if (!m.accepted()) {
        continue;
      }
      if (m.simulcast() && (payloadType == m.codec().payloadType() || payloadType == m.rtxPayloadType())) {
        boolean rtx = payloadType == m.rtxPayloadType();
        String rid = readRid(b, off, len, m.extmapId(rtx ? Negotiator.EXT_REPAIRED_RID : Negotiator.EXT_RID));
        int layer = rid == null ? -1 : m.rids().indexOf(rid);
        if (layer < 0) {
          return null; // its rid will come with a later packet
        }
        if (!rtx) {
          return addTrack(i, m, ssrc, layer, null);
        }
        return layers[i][layer] == null ? null : addTrack(i, m, ssrc, layer, layers[i][layer]);
      }
      if (m.codec().payloadType() == payloadType) {
        return addTrack(i, m, ssrc, -1, null);
      }
      if (m.rtxPayloadType() == payloadType) {
        int index = i;
        List<SourceTrack> primaries = tracks.values().stream().filter(x -> x.index == index && x.primary == null).toList();
        return primaries.size() == 1 ? addTrack(i, m, ssrc, -1, primaries.get(0)) : null;
      }
    }
    return null;
  }

  private static String readRid(byte[] b, int off, int len, int id) {
    long ext = Rtp.findExtension(b, off, len, id);
    if (ext < 0) {
      return null;
    }
    return new String(b, (int) (ext >>> 8), (int) (ext & 0xFF), java.nio.charset.StandardCharsets.US_ASCII);
  }

  private void sendTo(Peer player, SourceTrack t, PacketBuffer out, boolean keyframe, long nowMicros) {
    Peer.OutTrack o = t.index < player.outTracks.length ? player.outTracks[t.index] : null;
    if (o == null) {
      return;
    }
    byte[] ob = out.getBuffer();
    if (o.layers != null && !o.layers.accept(t.layer, keyframe, ob, 0)) {
      if (t.layer == o.layers.target() && o.layers.switching()) {
        requestKeyframe(t, false);
      }
      return;
    }
    int len = out.getLength();
    Rtp.setPayloadType(ob, 0, o.payloadType);
    if (o.extensionIds != null) {
      Rtp.rewriteExtensions(ob, 0, len, o.extensionIds);
    }
    stampTransportSeq(player, o, ob, len, nowMicros);
    int payload = len - Rtp.headerLength(ob, 0, len);
    if (player.sendRtp(out)) {
      o.packets++;
      o.octets += payload;
      packetsOut++;
      bytesOut += len;
    }
  }

  /** Writes the player's own transport-wide sequence number over the publisher's and remembers the send. */
  private static void stampTransportSeq(Peer player, Peer.OutTrack o, byte[] b, int len, long nowMicros) {
    SendSideEstimator e = player.estimator;
    if (o.transportCcId <= 0 || e == null) {
      return;
    }
    long ext = Rtp.findExtension(b, 0, len, o.transportCcId);
    if (ext >= 0 && (ext & 0xFF) >= 2) {
      int seq = player.transportSeq++ & 0xFFFF;
      Rtp.writeUint16(b, (int) (ext >>> 8), seq);
      e.sent(seq, len, nowMicros);
    }
  }

  private void onPublisherRtcp(byte[] b, int off, int len) {
    long now = System.currentTimeMillis();
    Rtcp.walk(b, off, len, (type, count, buf, pos, size) -> {
      if (type == Rtcp.SR && size >= 28) {
        SourceTrack t = tracks.get(Rtcp.senderSsrc(buf, pos));
        if (t != null) {
          long ntp = (Rtp.readUint32(buf, pos + 8) << 32) | Rtp.readUint32(buf, pos + 12);
          t.stats.senderReport(ntp, Rtp.readUint32(buf, pos + 16), now);
        }
      }
    });
  }

  private void onPlayerRtcp(Peer player, byte[] b, int off, int len) {
    Rtcp.walk(b, off, len, (type, count, buf, pos, size) -> {
      if (type == Rtcp.RR || type == Rtcp.SR) {
        Rtcp.reportBlocks(type, count, buf, pos, size, block -> {
          if (tracks.containsKey(block.ssrc()) || outIndex(player, block.ssrc()) >= 0) {
            playerLossInterval = Math.max(playerLossInterval, block.fractionLost());
          }
        });
      } else if (type == Rtcp.PSFB && (count == Rtcp.FMT_PLI || count == Rtcp.FMT_FIR)) {
        int index = outIndex(player, Rtcp.mediaSsrc(buf, pos));
        LayerSelector l = index >= 0 ? player.outTracks[index].layers : null;
        if (l != null) {
          SourceTrack t = layers[index][Math.max(0, l.current() >= 0 ? l.current() : l.target())];
          if (t != null) {
            requestKeyframe(t, false);
          }
        } else {
          requestKeyframe(false);
        }
      } else if (type == Rtcp.RTPFB && count == Rtcp.FMT_NACK) {
        long media = Rtcp.mediaSsrc(buf, pos);
        SourceTrack t = tracks.get(media);
        int index = t != null ? t.index : outIndex(player, media);
        Peer.OutTrack o = index >= 0 && index < player.outTracks.length ? player.outTracks[index] : null;
        if (o != null && o.layers != null) {
          t = o.layers.current() >= 0 ? layers[index][o.layers.current()] : null;
        }
        if (t != null && o != null) {
          SourceTrack track = t;
          Rtcp.nackedSequences(buf, pos, size, seq -> retransmit(player, track, o, seq));
        }
      } else if (type == Rtcp.RTPFB && count == TransportCcFeedback.FMT && player.estimator != null) {
        player.estimator.onFeedback(buf, pos, size, System.nanoTime() / 1000);
      }
    });
  }

  /** The published m-line whose (player-side) source a player's feedback names, or -1. */
  private int outIndex(Peer player, long ssrc) {
    for (int i = 0; i < published.size() && i < player.outTracks.length; i++) {
      Peer.OutTrack o = player.outTracks[i];
      if (o != null && (o.layers != null && o.layers.outSsrc == ssrc || o.rtxSsrc == ssrc && o.rtxPayloadType >= 0)) {
        return i;
      }
      if (o != null && published.get(i).ssrcs().contains(ssrc)) {
        return i;
      }
    }
    return -1;
  }

  /** Answers a player's NACK from the cache: as RTX when the player negotiated it, else as the packet itself. */
  private void retransmit(Peer player, SourceTrack t, Peer.OutTrack o, int playerSeq) {
    if (!player.ready()) {
      return;
    }
    PacketBuffer out = worker.out;
    int seq = o.layers != null ? o.layers.sourceSequence(playerSeq) : playerSeq;
    long now = System.currentTimeMillis();
    int slot = playerSeq & (o.resentAt.length - 1);
    if (seq < 0 || now - o.resentAt[slot] < RESEND_MIN_INTERVAL_MS) {
      return; // an earlier layer's packet, or resent a moment ago (the copy may still be on its way)
    }
    int n = cache.get(t.ssrc, seq, out.getBuffer());
    if (n <= 0) {
      return;
    }
    o.resentAt[slot] = now;
    byte[] ob = out.getBuffer();
    if (o.layers != null) {
      o.layers.rewrite(ob, 0);
    }
    Rtp.setPayloadType(ob, 0, o.payloadType);
    if (o.extensionIds != null) {
      Rtp.rewriteExtensions(ob, 0, n, o.extensionIds);
    }
    if (o.rtxPayloadType >= 0) {
      byte[] rtx = worker.rtx.getBuffer();
      n = Rtp.wrapRtx(ob, 0, n, rtx, o.rtxSsrc, o.rtxSeq++ & 0xFFFF, o.rtxPayloadType);
      out = worker.rtx;
      ob = rtx;
      o.rtxSent++;
    }
    out.setOffset(0);
    out.setLength(n);
    stampTransportSeq(player, o, ob, n, System.nanoTime() / 1000);
    int payload = n - Rtp.headerLength(ob, 0, n);
    if (player.sendRtp(out)) {
      nacksAnswered++;
      packetsOut++;
      bytesOut += n;
      if (o.rtxPayloadType < 0) { // sent on the primary source: the player's sender report counts it
        o.packets++;
        o.octets += payload;
      }
    }
  }

  /** PLI for one source (a simulcast layer a player switches to), at most once per {@code keyframeMinIntervalMs}. */
  private void requestKeyframe(SourceTrack t, boolean force) {
    long now = System.currentTimeMillis();
    Peer pub = publisher;
    if (pub == null || !pub.ready() || (!force && now - t.lastKeyframeRequest < config.keyframeMinIntervalMs())) {
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
   * Every ~50 ms: transport-cc feedback for what arrived from the publisher, and NACKs for what did not.
   */
  void feedbackTick(Worker w, long nowMs) {
    Peer pub = publisher;
    if (pub == null || !pub.ready()) {
      return;
    }
    byte[] r = w.rtcp;
    int pos = Rtcp.receiverReport(r, 0, pub.localSsrc, List.of());
    int start = pos;
    long media = videoSsrcs.isEmpty() ? (tracks.isEmpty() ? 0 : tracks.keySet().iterator().next()) : videoSsrcs.get(0);
    pos = uplink.write(r, pos, pub.localSsrc, media, tracks.values(), nowMs);
    if (pos > start) {
      pub.sendRtcp(w.out.copyFrom(r, 0, pos));
    }
  }

  /** Sends PLI for every video source to the publisher, at most once per {@code keyframeMinIntervalMs} unless forced. */
  void requestKeyframe(boolean force) {
    long now = System.currentTimeMillis();
    Peer pub = publisher;
    if (pub == null || !pub.ready() || videoSsrcs.isEmpty()
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

  /** Tells a player the publisher's sources are gone (RTCP BYE): the sources it was sent (simulcast: the node's). */
  void sendBye(Peer player) {
    if (player.srtp == null || tracks.isEmpty()) {
      return;
    }
    List<Long> ssrcs = new ArrayList<>();
    for (SourceTrack t : tracks.values()) {
      if (t.primary == null && t.layer < 0) {
        ssrcs.add(t.ssrc);
      }
    }
    for (NegotiatedMedia m : published) {
      if (m.accepted() && m.simulcast()) {
        ssrcs.addAll(m.ssrcs());
      }
    }
    if (ssrcs.isEmpty()) {
      return;
    }
    byte[] r = worker.rtcp;
    int pos = Rtcp.receiverReport(r, 0, ssrcs.get(0), List.of());
    pos = Rtcp.bye(r, pos, ssrcs);
    player.sendRtcp(worker.out.copyFrom(r, 0, pos));
  }

  /** About once a second: RR + REMB to the publisher, SRs to players, fresh stats. */
  void tick(Worker w, long now) {
    Peer pub = publisher;
    int uplinkLoss = 0;
    if (pub != null && pub.ready()) {
      List<Rtcp.ReportBlock> blocks = new ArrayList<>();
      for (SourceTrack t : tracks.values()) {
        if (t.stats.packetsReceived() > 0) {
          Rtcp.ReportBlock block = t.stats.report(now);
          uplinkLoss = Math.max(uplinkLoss, block.fractionLost());
          blocks.add(block);
        }
      }
      // the publisher's uplink only: players' loss is theirs to handle (layers, RTX), never the room's
      if (!uplink.transportCc()) {
        adaptEstimate(uplinkLoss);
      } else {
        estimateBps = config.maxBitrateBps(); // transport-cc drives Chrome's estimate; REMB only caps it
      }
      byte[] r = w.rtcp;
      int pos = Rtcp.receiverReport(r, 0, pub.localSsrc, blocks);
      if (!videoSsrcs.isEmpty()) {
        pos = Rtcp.remb(r, pos, pub.localSsrc, estimateBps, videoSsrcs);
      }
      pub.sendRtcp(w.out.copyFrom(r, 0, pos));
    }
    long elapsed = Math.max(1, now - lastTickMillis);
    for (SourceTrack t : tracks.values()) {
      t.bitrateBps = (t.bytes - t.lastBytes) * 8 * 1000 / elapsed;
      t.lastBytes = t.bytes;
    }
    for (Peer player : players) {
      if (!player.ready()) {
        continue;
      }
      LayerChoice.choose(player, layers, tracks.values(), t -> requestKeyframe(t, false));
      for (SourceTrack t : tracks.values()) {
        Peer.OutTrack o = t.index < player.outTracks.length ? player.outTracks[t.index] : null;
        if (o == null || o.packets == 0 || !t.stats.hasSenderReport() || t.primary != null
            || o.layers != null && o.layers.current() != t.layer) {
          continue;
        }
        long ssrc = o.layers != null ? o.layers.outSsrc : t.ssrc;
        long ts = o.layers != null ? o.layers.playerTimestamp(t.stats.rtpTimestampAt(now)) : t.stats.rtpTimestampAt(now);
        int pos = Rtcp.senderReport(w.rtcp, 0, ssrc, Rtcp.ntp(now), ts, o.packets, o.octets);
        player.sendRtcp(w.out.copyFrom(w.rtcp, 0, pos));
      }
    }
    updateStats(now, uplinkLoss);
    updateQuality();
  }

  private void updateQuality() {
    List<Long> layerRates = new ArrayList<>();
    for (SourceTrack[] ls : layers) {
      for (SourceTrack t : ls) {
        layerRates.add(t == null ? 0 : t.bitrateBps);
      }
    }
    List<QualityStats.Player> ps = new ArrayList<>();
    for (Peer p : players) {
      LayerSelector l = null;
      long rtx = 0;
      for (Peer.OutTrack o : p.outTracks) {
        if (o != null) {
          l = l == null ? o.layers : l;
          rtx += o.rtxSent;
        }
      }
      SendSideEstimator e = p.estimator;
      ps.add(new QualityStats.Player(p.id, p.videoLayer.name().toLowerCase(java.util.Locale.ROOT),
          e == null ? -1 : e.estimateBps(), e == null ? -1 : e.ackedBps(), e == null ? 0 : e.lossFraction(),
          l == null ? -1 : l.current(), l == null ? -1 : l.target(), l == null ? 0 : l.switches(), rtx,
          e == null ? 0 : e.overuses()));
    }
    quality = new QualityStats(id, uplink.transportCc(), uplink.feedbackSent, uplink.nacksSent, rtxReceived, rtxRecovered,
        rtxDuplicates, List.copyOf(layerRates), List.copyOf(ps));
  }

  /** For publishers without transport-cc, loss-driven: back off 15% above 10% loss, grow 8% below 2%, within [150 kbit/s, max]. */
  private void adaptEstimate(int fractionLost) {
    if (fractionLost > 26) {
      estimateBps = Math.max(MIN_ESTIMATE_BPS, (long) (estimateBps * 0.85));
    } else if (fractionLost < 5) {
      estimateBps = Math.min(config.maxBitrateBps(), (long) (estimateBps * 1.08) + 10_000);
    }
  }

  private void updateStats(long now, int uplinkLoss) {
    long elapsed = Math.max(1, now - lastTickMillis);
    long bitrate = (bytesIn - lastTickBytes) * 8 * 1000 / elapsed;
    lastTickMillis = now;
    lastTickBytes = bytesIn;
    lastPlayerLoss = playerLossInterval / 256.0;
    playerLossInterval = 0;
    long lost = tracks.values().stream().mapToLong(t -> t.stats.packetsLost()).sum();
    Peer pub = publisher;
    int ready = (int) players.stream().filter(Peer::ready).count();
    stats = new StreamStats(id, pub == null ? null : pub.id, pub != null && pub.ready(), ready, packetsIn, bytesIn,
        bitrate, lost, uplinkLoss / 256.0, packetsOut, bytesOut, lastPlayerLoss, estimateBps, keyframeRequests,
        nacksAnswered);
  }
}
