package io.liveroom.infra.contracts;

/**
 * Asks a media node to accept a publisher's SDP offer for {@code streamId}; replied with {@link
 * MediaAnswer}. {@code peerId} is the id the new peer gets (the stream registry's owner of the
 * stream, see {@link StreamAck#peerId()}); null lets the node choose one.
 */
public record MediaPublish(String streamId, String offerSdp, String peerId) {
  public MediaPublish(String streamId, String offerSdp) {
    this(streamId, offerSdp, null);
  }
}
