package io.liveroom.media.engine;

import io.liveroom.media.MediaConfig;
import io.liveroom.media.rtp.PacketCache;
import io.liveroom.media.rtp.ReceiveStats;
import io.liveroom.media.rtp.Rtcp;
import io.liveroom.media.rtp.Rtp;
import io.liveroom.media.sdp.NegotiatedMedia;
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

  /** One received source of the publisher. */
  private record Track(int index, NegotiatedMedia media, long ssrc, ReceiveStats stats) {}

  final String id;
  final Worker worker;
  private final MediaConfig config;
  private final List<NegotiatedMedia> published;
  private final Map<Long, Track> tracks = new HashMap<>();
  private final PacketCache cache;
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

  Stream(String id, Worker worker, MediaConfig config, List<NegotiatedMedia> published) {
    this.id = id;
    this.worker = worker;
    this.config = config;
    this.published = published;
    this.cache = new PacketCache(config.nackCacheSize());
    this.estimateBps = config.maxBitrateBps();
    for (int i = 0; i < published.size(); i++) {
      NegotiatedMedia m = published.get(i);
      if (m.accepted()) {
        for (long ssrc : m.ssrcs()) {
          addTrack(i, m, ssrc);
        }
      }
    }
  }

  private Track addTrack(int index, NegotiatedMedia m, long ssrc) {
    Track t = new Track(index, m, ssrc, new ReceiveStats(ssrc, m.codec().clockRate()));
    tracks.put(ssrc, t);
    if (m.isVideo()) {
      videoSsrcs.add(ssrc);
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
          out[i] = new Peer.OutTrack(pm.codec().payloadType(), identity ? null : ids);
        }
      }
    }
    return out;
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
    long ssrc = Rtp.ssrc(b, off);
    Track t = tracks.get(ssrc);
    if (t == null && (t = learn(ssrc, Rtp.payloadType(b, off))) == null) {
      return;
    }
    int seq = Rtp.sequence(b, off);
    t.stats.packet(seq, Rtp.timestamp(b, off), System.currentTimeMillis());
    packetsIn++;
    bytesIn += len;
    cache.put(ssrc, seq, b, off, len);
    for (StreamTap tap : taps) {
      tap.onRtp(t.media, b, off, len);
    }
    for (Peer player : players) {
      if (player.ready()) {
        sendTo(player, t, worker.out.copyFrom(b, off, len));
      }
    }
  }

  /** A source the offer did not signal: bind it to the m-line of its payload type. */
  private Track learn(long ssrc, int payloadType) {
    if (tracks.size() >= MAX_LEARNED_SOURCES) {
      return null;
    }
    for (int i = 0; i < published.size(); i++) {
      NegotiatedMedia m = published.get(i);
      if (m.accepted() && m.codec().payloadType() == payloadType) {
        return addTrack(i, m, ssrc);
      }
    }
    return null;
  }

  private void sendTo(Peer player, Track t, PacketBuffer out) {
    Peer.OutTrack o = t.index < player.outTracks.length ? player.outTracks[t.index] : null;
    if (o == null) {
      return;
    }
    byte[] ob = out.getBuffer();
    int len = out.getLength();
    Rtp.setPayloadType(ob, 0, o.payloadType);
    if (o.extensionIds != null) {
      Rtp.rewriteExtensions(ob, 0, len, o.extensionIds);
    }
    int payload = len - Rtp.headerLength(ob, 0, len);
    if (player.sendRtp(out)) {
      o.packets++;
      o.octets += payload;
      packetsOut++;
      bytesOut += len;
    }
  }

  private void onPublisherRtcp(byte[] b, int off, int len) {
    long now = System.currentTimeMillis();
    Rtcp.walk(b, off, len, (type, count, buf, pos, size) -> {
      if (type == Rtcp.SR && size >= 28) {
        Track t = tracks.get(Rtcp.senderSsrc(buf, pos));
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
          if (tracks.containsKey(block.ssrc())) {
            playerLossInterval = Math.max(playerLossInterval, block.fractionLost());
          }
        });
      } else if (type == Rtcp.PSFB && (count == Rtcp.FMT_PLI || count == Rtcp.FMT_FIR)) {
        requestKeyframe(false);
      } else if (type == Rtcp.RTPFB && count == Rtcp.FMT_NACK) {
        Track t = tracks.get(Rtcp.mediaSsrc(buf, pos));
        if (t != null) {
          Rtcp.nackedSequences(buf, pos, size, seq -> retransmit(player, t, seq));
        }
      }
    });
  }

  private void retransmit(Peer player, Track t, int seq) {
    PacketBuffer out = worker.out;
    int n = cache.get(t.ssrc, seq, out.getBuffer());
    if (n > 0 && player.ready()) {
      out.setOffset(0);
      out.setLength(n);
      sendTo(player, t, out);
      nacksAnswered++;
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

  /** Tells a player the publisher's sources are gone (RTCP BYE). */
  void sendBye(Peer player) {
    if (player.srtp == null || tracks.isEmpty()) {
      return;
    }
    List<Long> ssrcs = List.copyOf(tracks.keySet());
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
      for (Track t : tracks.values()) {
        if (t.stats.packetsReceived() > 0) {
          Rtcp.ReportBlock block = t.stats.report(now);
          uplinkLoss = Math.max(uplinkLoss, block.fractionLost());
          blocks.add(block);
        }
      }
      adaptEstimate(Math.max(uplinkLoss, playerLossInterval));
      byte[] r = w.rtcp;
      int pos = Rtcp.receiverReport(r, 0, pub.localSsrc, blocks);
      if (!videoSsrcs.isEmpty()) {
        pos = Rtcp.remb(r, pos, pub.localSsrc, estimateBps, videoSsrcs);
      }
      pub.sendRtcp(w.out.copyFrom(r, 0, pos));
    }
    for (Peer player : players) {
      if (!player.ready()) {
        continue;
      }
      for (Track t : tracks.values()) {
        Peer.OutTrack o = t.index < player.outTracks.length ? player.outTracks[t.index] : null;
        if (o != null && o.packets > 0 && t.stats.hasSenderReport()) {
          int pos = Rtcp.senderReport(w.rtcp, 0, t.ssrc, Rtcp.ntp(now), t.stats.rtpTimestampAt(now), o.packets,
              o.octets);
          player.sendRtcp(w.out.copyFrom(w.rtcp, 0, pos));
        }
      }
    }
    updateStats(now, uplinkLoss);
  }

  /** Loss-driven: back off 15% above 10% loss, grow 8% below 2%, within [150 kbit/s, max]. */
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
