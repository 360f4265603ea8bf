package io.liveroom.media.engine;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.media.sdp.NegotiatedMedia;
import io.liveroom.media.sdp.SdpException;
import io.liveroom.media.sdp.SdpParser;
import io.liveroom.media.sdp.SessionDescription;
import java.util.List;
import java.util.function.Supplier;

/**
 * A client's offer checked for the engine: SDP problems become {@code INVALID_SDP}, a bad stream id
 * {@code INVALID_FIELD}.
 */
final class Offers {
  private Offers() {}

  static SessionDescription parse(String streamId, String sdp) {
    if (streamId == null || streamId.isBlank() || streamId.length() > 256) {
      throw ErrorCode.INVALID_FIELD.exception("streamId must be 1-256 characters");
    }
    try {
      SessionDescription offer = SdpParser.parse(sdp);
      if ("passive".equals(offer.setup())) {
        throw new SdpException("a=setup:passive is not supported: the node is the DTLS server");
      }
      return offer;
    } catch (SdpException | NumberFormatException e) {
      throw ErrorCode.INVALID_SDP.exception(e.getMessage());
    }
  }

  static List<NegotiatedMedia> negotiate(Supplier<List<NegotiatedMedia>> negotiation) {
    try {
      return negotiation.get();
    } catch (SdpException e) {
      throw ErrorCode.INVALID_SDP.exception(e.getMessage());
    }
  }
}
