package io.liveroom.media.engine;

import io.liveroom.media.rtp.PacketCache;
import io.liveroom.media.rtp.Rtcp;
import io.liveroom.media.rtp.Rtp;
import io.liveroom.media.rtp.TransportCcFeedback;
import io.liveroom.media.sdp.NegotiatedMedia;
import io.liveroom.media.sdp.Negotiator;
import io.liveroom.media.sdp.SessionDescription.Extmap;
import io.liveroom.media.transport.PacketBuffer;
import java.util.List;

/**
 * A stream's side towards its players: each player's copy of a packet (its payload type, extension
 * ids, simulcast layer and transport-wide sequence number), its RTCP (loss, PLI/FIR, NACKs answered
 * from the cache, transport-cc for its estimator). Forwarding thread only, apart from {@link
 * #outTracksFor} and {@link #prepareLayers}.
 */
final class PlayerFanout {
  private static final int RESEND_MIN_INTERVAL_MS = 100;

  private final Stream stream;
  private final List<NegotiatedMedia> published;
  private final SourceTracks tracks;
  private final PacketCache cache;
  long packetsOut;
  long bytesOut;
  long nacksAnswered;

  /** The highest fraction lost (of 256) players reported since the last tick. */
  int playerLossInterval;

  PlayerFanout(
      Stream stream, List<NegotiatedMedia> published, SourceTracks tracks, PacketCache cache) {
    this.stream = stream;
    this.published = published;
    this.tracks = tracks;
    this.cache = cache;
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
          if ("video".equals(pm.kind()) && "VP8".equalsIgnoreCase(pm.codec().name())) {
            o.temporal = new TemporalFilter();
          }
          out[i] = o;
        }
      }
    }
    return out;
  }

  /**
   * Gives a player's simulcast m-lines their layer selection (before it is added to the players).
   */
  void prepareLayers(Peer player) {
    for (int i = 0; i < published.size() && i < player.outTracks.length; i++) {
      NegotiatedMedia src = published.get(i);
      if (player.outTracks[i] != null && src.simulcast()) {
        player.outTracks[i].layers =
            new LayerSelector(src.ssrcs().get(0), src.rids().size(), player.videoLayer);
      }
    }
  }

  void sendTo(Peer player, SourceTrack t, PacketBuffer out, boolean keyframe, long nowMicros) {
    Peer.OutTrack o = t.index < player.outTracks.length ? player.outTracks[t.index] : null;
    if (o == null) {
      return;
    }
    byte[] ob = out.getBuffer();
    if (o.layers != null && !o.layers.accept(t.layer, keyframe, ob, 0)) {
      if (t.layer == o.layers.target() && o.layers.switching()) {
        stream.requestKeyframe(t, false);
      }
      return;
    }
    if (o.temporal != null && !o.temporal.accept(ob, 0, out.getLength())) {
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

  /**
   * A player's first frame: once, right after its DTLS completed (or before the first live packet
   * it gets), every cached keyframe group of the stream goes to it; {@code current}: the source
   * whose packet is being forwarded now (that packet is sent by the caller), or null.
   */
  void prime(Peer player, SourceTrack current) {
    if (player.primed || !player.ready()) {
      return;
    }
    player.primed = true;
    long nowMicros = System.nanoTime() / 1000;
    PacketBuffer out = stream.worker.out;
    stream.keyframes.replay(
        System.currentTimeMillis(),
        current,
        (t, b, off, len, keyframe) ->
            sendTo(player, t, out.copyFrom(b, off, len), keyframe, nowMicros));
  }

  /**
   * Writes the player's own transport-wide sequence number over the publisher's and remembers the
   * send.
   */
  private static void stampTransportSeq(
      Peer player, Peer.OutTrack o, byte[] b, int len, long nowMicros) {
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

  void onPlayerRtcp(Peer player, byte[] b, int off, int len) {
    SourceTrack[][] layers = tracks.layers;
    Rtcp.walk(
        b,
        off,
        len,
        (type, count, buf, pos, size) -> {
          if (type == Rtcp.RR || type == Rtcp.SR) {
            Rtcp.reportBlocks(
                type,
                count,
                buf,
                pos,
                size,
                block -> {
                  if (tracks.contains(block.ssrc()) || outIndex(player, block.ssrc()) >= 0) {
                    playerLossInterval = Math.max(playerLossInterval, block.fractionLost());
                  }
                });
          } else if (type == Rtcp.PSFB && (count == Rtcp.FMT_PLI || count == Rtcp.FMT_FIR)) {
            int index = outIndex(player, Rtcp.mediaSsrc(buf, pos));
            LayerSelector l = index >= 0 ? player.outTracks[index].layers : null;
            if (l != null) {
              SourceTrack t =
                  layers[index][Math.max(0, l.current() >= 0 ? l.current() : l.target())];
              if (t != null) {
                stream.requestKeyframe(t, false);
              }
            } else {
              stream.requestKeyframe(false);
            }
          } else if (type == Rtcp.RTPFB && count == Rtcp.FMT_NACK) {
            long media = Rtcp.mediaSsrc(buf, pos);
            SourceTrack t = tracks.get(media);
            int index = t != null ? t.index : outIndex(player, media);
            Peer.OutTrack o =
                index >= 0 && index < player.outTracks.length ? player.outTracks[index] : null;
            if (o != null && o.layers != null) {
              t = o.layers.current() >= 0 ? layers[index][o.layers.current()] : null;
            }
            if (t != null && o != null) {
              SourceTrack track = t;
              Rtcp.nackedSequences(buf, pos, size, seq -> retransmit(player, track, o, seq));
            }
          } else if (type == Rtcp.RTPFB
              && count == TransportCcFeedback.FMT
              && player.estimator != null) {
            player.estimator.onFeedback(buf, pos, size, System.nanoTime() / 1000);
          }
        });
  }

  /** The published m-line whose (player-side) source a player's feedback names, or -1. */
  private int outIndex(Peer player, long ssrc) {
    for (int i = 0; i < published.size() && i < player.outTracks.length; i++) {
      Peer.OutTrack o = player.outTracks[i];
      if (o != null
          && (o.layers != null && o.layers.outSsrc == ssrc
              || o.rtxSsrc == ssrc && o.rtxPayloadType >= 0)) {
        return i;
      }
      if (o != null && published.get(i).ssrcs().contains(ssrc)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The publisher's sequence number (of the current layer) of what the player got as {@code
   * playerSeq}: through the temporal filter's renumbering, then the layer's offset; -1 when out of
   * reach.
   */
  static int sourceSequence(Peer.OutTrack o, int playerSeq) {
    int seq = o.temporal != null ? o.temporal.incomingSequence(playerSeq) : playerSeq;
    return seq >= 0 && o.layers != null ? o.layers.sourceSequence(seq) : seq;
  }

  /**
   * Answers a player's NACK from the cache: as RTX when the player negotiated it, else as the
   * packet itself.
   */
  private void retransmit(Peer player, SourceTrack t, Peer.OutTrack o, int playerSeq) {
    if (!player.ready()) {
      return;
    }
    Worker worker = stream.worker;
    PacketBuffer out = worker.out;
    int seq = sourceSequence(o, playerSeq);
    long now = System.currentTimeMillis();
    int slot = playerSeq & (o.resentAt.length - 1);
    if (seq < 0 || now - o.resentAt[slot] < RESEND_MIN_INTERVAL_MS) {
      return; // an earlier layer's packet, or resent a moment ago (the copy may still be on its
      // way)
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
    if (o.temporal != null) {
      Rtp.setSequence(ob, 0, playerSeq & 0xFFFF);
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
      if (o.rtxPayloadType
          < 0) { // sent on the primary source: the player's sender report counts it
        o.packets++;
        o.octets += payload;
      }
    }
  }

  /**
   * Tells a player the publisher's sources are gone (RTCP BYE): the sources it was sent (simulcast:
   * the node's).
   */
  void sendBye(Peer player) {
    if (player.srtp == null || tracks.isEmpty()) {
      return;
    }
    List<Long> ssrcs = tracks.byeSsrcs();
    if (ssrcs.isEmpty()) {
      return;
    }
    Worker worker = stream.worker;
    byte[] r = worker.rtcp;
    int pos = Rtcp.receiverReport(r, 0, ssrcs.get(0), List.of());
    pos = Rtcp.bye(r, pos, ssrcs);
    player.sendRtcp(worker.out.copyFrom(r, 0, pos));
  }
}
