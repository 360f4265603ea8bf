package io.liveroom.media.sdp;

import io.liveroom.media.sdp.SessionDescription.Codec;
import io.liveroom.media.sdp.SessionDescription.Extmap;
import java.util.List;

/**
 * The outcome for one m-line of an offer. {@code codec} and {@code extmaps} carry the OFFER's
 * payload type and ids; {@code ssrcs} are the primary sources sent on it (the publisher's, also
 * for a player). A rejected line has {@code accepted == false} and no codec.
 */
public record NegotiatedMedia(String kind, String mid, boolean accepted, String direction, Codec codec,
    List<Extmap> extmaps, List<Long> ssrcs, String msidStream, String msidTrack, String cname, boolean rtcpRsize,
    int offeredPayloadType) {

  public static NegotiatedMedia rejected(SessionDescription.Media m) {
    int pt = m.codecs().isEmpty() ? 0 : m.codecs().get(0).payloadType();
    return new NegotiatedMedia(m.kind(), m.mid(), false, "inactive", null, List.of(), List.of(), null, null, null,
        false, pt);
  }

  public boolean isVideo() {
    return kind.equals("video");
  }

  public boolean isAudio() {
    return kind.equals("audio");
  }

  /** The offer's id for a header extension, or -1 when it was not negotiated. */
  public int extmapId(String uri) {
    return extmaps.stream().filter(e -> e.uri().equals(uri)).mapToInt(Extmap::id).findFirst().orElse(-1);
  }
}
