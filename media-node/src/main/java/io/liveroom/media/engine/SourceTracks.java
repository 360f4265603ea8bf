package io.liveroom.media.engine;

import io.liveroom.media.MediaConfig;
import io.liveroom.media.rtp.Rtp;
import io.liveroom.media.sdp.NegotiatedMedia;
import io.liveroom.media.sdp.Negotiator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A publisher's received sources by SSRC: those its offer signalled, and those learned from the
 * first packets (simulcast layers by rid, RTX sources, unsignalled sources by payload type).
 * Forwarding thread only, apart from construction.
 */
final class SourceTracks {
  private static final int MAX_LEARNED_SOURCES = 16;

  private final MediaConfig config;
  private final List<NegotiatedMedia> published;
  private final Map<Long, SourceTrack> tracks = new HashMap<>();

  /**
   * Per published m-line, its simulcast layers' tracks (null entries until a layer's source is
   * seen).
   */
  final SourceTrack[][] layers;

  /** The primary video sources, in the order they were added. */
  final List<Long> videoSsrcs = new ArrayList<>();

  /** The publisher's transport-cc extension id, or -1 when it negotiated none. */
  final int transportCcId;

  SourceTracks(MediaConfig config, List<NegotiatedMedia> published) {
    this.config = config;
    this.published = published;
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
          add(i, m, ssrc, -1, null);
        }
        for (Map.Entry<Long, Long> rtx : m.rtxSsrcs().entrySet()) {
          SourceTrack p = tracks.get(rtx.getValue());
          if (p != null) {
            add(i, m, rtx.getKey(), -1, p);
          }
        }
      }
    }
    this.transportCcId = twccId;
  }

  private SourceTrack add(int index, NegotiatedMedia m, long ssrc, int layer, SourceTrack primary) {
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

  /**
   * Edge: a simulcast layer's source as the origin named it (before its first packet arrives, which
   * may no longer carry its rid).
   */
  void learnLayer(int index, int layer, long ssrc) {
    NegotiatedMedia m = published.get(index);
    if (layers[index][layer] == null
        && !tracks.containsKey(ssrc)
        && tracks.size() < MAX_LEARNED_SOURCES
        && m.accepted()
        && m.simulcast()) {
      add(index, m, ssrc, layer, null);
    }
  }

  SourceTrack get(long ssrc) {
    return tracks.get(ssrc);
  }

  boolean contains(long ssrc) {
    return tracks.containsKey(ssrc);
  }

  boolean isEmpty() {
    return tracks.isEmpty();
  }

  Collection<SourceTrack> all() {
    return tracks.values();
  }

  /**
   * The source named in feedback to the publisher: its first video source, else any source, else 0.
   */
  long feedbackMediaSsrc() {
    return videoSsrcs.isEmpty()
        ? (tracks.isEmpty() ? 0 : tracks.keySet().iterator().next())
        : videoSsrcs.get(0);
  }

  /** The known track of {@code ssrc}, else one learned from this packet, else null. */
  SourceTrack find(long ssrc, byte[] b, int off, int len) {
    SourceTrack t = tracks.get(ssrc);
    return t != null ? t : learn(ssrc, Rtp.payloadType(b, off), b, off, len);
  }

  /**
   * A source the offer did not signal: a simulcast layer (or its RTX) named by its rid, an RTX
   * source of a known primary, or else the m-line of its payload type.
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
      if (m.simulcast()
          && (payloadType == m.codec().payloadType() || payloadType == m.rtxPayloadType())) {
        boolean rtx = payloadType == m.rtxPayloadType();
        String rid =
            readRid(
                b, off, len, m.extmapId(rtx ? Negotiator.EXT_REPAIRED_RID : Negotiator.EXT_RID));
        int layer = rid == null ? -1 : m.rids().indexOf(rid);
        if (layer < 0) {
          return null; // its rid will come with a later packet
        }
        if (!rtx) {
          return add(i, m, ssrc, layer, null);
        }
        return layers[i][layer] == null ? null : add(i, m, ssrc, layer, layers[i][layer]);
      }
      if (m.codec().payloadType() == payloadType) {
        return add(i, m, ssrc, -1, null);
      }
      if (m.rtxPayloadType() == payloadType) {
        int index = i;
        List<SourceTrack> primaries =
            tracks.values().stream().filter(x -> x.index == index && x.primary == null).toList();
        return primaries.size() == 1 ? add(i, m, ssrc, -1, primaries.get(0)) : null;
      }
    }
    return null;
  }

  private static String readRid(byte[] b, int off, int len, int id) {
    long ext = Rtp.findExtension(b, off, len, id);
    if (ext < 0) {
      return null;
    }
    return new String(b, (int) (ext >>> 8), (int) (ext & 0xFF), StandardCharsets.US_ASCII);
  }

  /**
   * The sources a player was sent, for its BYE: the primaries (simulcast: the node's own sources).
   */
  List<Long> byeSsrcs() {
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
    return ssrcs;
  }
}
