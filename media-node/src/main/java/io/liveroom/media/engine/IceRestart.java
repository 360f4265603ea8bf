package io.liveroom.media.engine;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.media.sdp.NegotiatedMedia;
import io.liveroom.media.sdp.SessionDescription;
import io.liveroom.media.transport.IceTransport;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.ice4j.ice.harvest.CandidateHarvester;

/**
 * An ICE restart (RFC 8445 2.4, RFC 8829 5.2.1 / 5.3.1) of a peer whose network changed: the
 * client's new offer carries new ICE credentials and the same m-lines and DTLS fingerprint. The
 * peer gets a fresh ICE agent (new local ufrag/pwd, new candidate pairs); its DTLS association,
 * SRTP contexts, negotiated media and its place in the stream stay, as Chrome keeps its DTLS
 * transport across an ICE restart. So media resumes as soon as the client's checks on its new
 * address succeed, with no new handshake and no new stream session.
 */
final class IceRestart {
  private IceRestart() {}

  /**
   * Swaps {@code peer}'s ICE agent for one started with {@code offer}'s credentials; yields the
   * local ufrag/pwd to answer with. An offer with the current remote credentials is no restart: the
   * current agent stays.
   *
   * @throws io.liveroom.infra.contracts.ServiceException {@code INVALID_SDP} if the offer changes
   *     the DTLS fingerprint or the m-lines
   */
  static IceTransport restart(
      Peer peer,
      SessionDescription offer,
      CandidateHarvester harvester,
      BiConsumer<String, String> retag) {
    if (!Objects.equals(peer.remoteFingerprint, offer.fingerprint().value())) {
      throw ErrorCode.INVALID_SDP.exception("an ICE restart must keep the DTLS fingerprint");
    }
    List<String> mids = offer.media().stream().map(SessionDescription.Media::mid).toList();
    List<String> negotiated = peer.media.stream().map(NegotiatedMedia::mid).toList();
    if (!mids.equals(negotiated)) {
      throw ErrorCode.INVALID_SDP.exception(
          "an ICE restart must offer the same m-lines " + negotiated + ", got " + mids);
    }
    IceTransport current = peer.ice;
    if (current.hasRemoteCredentials(offer.iceUfrag(), offer.icePwd())) {
      return current;
    }
    IceTransport next;
    try {
      next = IceTransport.controlled(harvester, peer);
    } catch (IOException e) {
      throw Failures.toService(e, "creating an ICE agent for peer " + peer.id);
    }
    // the old agent goes first: the shared UDP port routes a remote address to the agent that
    // holds it, so a client restarting from the same address must reach the new one
    peer.ice = next;
    retag.accept(current.localUfrag(), next.localUfrag());
    current.close();
    next.start(offer.iceUfrag(), offer.icePwd(), List.of());
    return next;
  }
}
