package io.liveroom.media.sdp;

import io.liveroom.media.sdp.SessionDescription.Codec;
import io.liveroom.media.sdp.SessionDescription.Extmap;
import java.util.List;
import java.util.Map;

/**
 * The outcome for one m-line of an offer. {@code codec} and {@code extmaps} carry the OFFER's
 * payload type and ids; {@code ssrcs} are the primary sources sent on it (the publisher's, also for
 * a player); {@code offeredFormat} is the offer's protocol and first format (kept when rejecting);
 * {@code sourceMid} is, for a player, the publisher's mid it carries. A rejected line has {@code
 * accepted == false} and no codec. {@code rtxPayloadType} is the offer's RTX payload type for the
 * codec (-1: no RTX); {@code rtxSsrcs} maps signalled RTX sources to their primary ({@code
 * ssrc-group:FID}; for a player: the RTX source the node sends); {@code rids} are the simulcast
 * layers a publisher sends, best first (empty: no simulcast); {@code transportCc}: transport-wide
 * congestion control feedback was negotiated.
 */
public record NegotiatedMedia(
    String kind,
    String mid,
    boolean accepted,
    String direction,
    Codec codec,
    List<Extmap> extmaps,
    List<Long> ssrcs,
    String msidStream,
    String msidTrack,
    String cname,
    boolean rtcpRsize,
    String offeredFormat,
    String sourceMid,
    int rtxPayloadType,
    Map<Long, Long> rtxSsrcs,
    List<String> rids,
    boolean transportCc) {

  public boolean simulcast() {
    return rids.size() > 1;
  }

  public static NegotiatedMedia rejected(SessionDescription.Media m) {
    String format = m.protocol() + " " + (m.formats().isEmpty() ? "0" : m.formats().get(0));
    return new NegotiatedMedia(
        m.kind(),
        m.mid(),
        false,
        "inactive",
        null,
        List.of(),
        List.of(),
        null,
        null,
        null,
        false,
        format,
        null,
        -1,
        Map.of(),
        List.of(),
        false);
  }

  public boolean isVideo() {
    return kind.equals("video");
  }

  public boolean isAudio() {
    return kind.equals("audio");
  }

  /** The offer's id for a header extension, or -1 when it was not negotiated. */
  public int extmapId(String uri) {
    return extmaps.stream()
        .filter(e -> e.uri().equals(uri))
        .mapToInt(Extmap::id)
        .findFirst()
        .orElse(-1);
  }
}
